/** A mistake on the command line or in the registry: reported with a hint, exit code 2, nothing written. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';

  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
