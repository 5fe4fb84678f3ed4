/**
 * A saga row of a type this orchestrator has no definition for: services that share one database,
 * or a definition a deploy removed. Only the service that registers the definition can move it.
 */
export class UnknownSagaTypeError extends Error {
  override readonly name = 'UnknownSagaTypeError';

  constructor(
    readonly sagaId: string,
    readonly sagaType: string,
    registered: readonly string[],
  ) {
    super(
      `Saga ${sagaId} is a "${sagaType}" saga, which this orchestrator does not run (it runs ${
        registered.map((type) => `"${type}"`).join(', ') || 'none'
      }): resume it from the service that registers that definition.`,
    );
  }
}
