import { SetMetadata } from '@nestjs/common';
import type { AnyCommandType } from '@platform/saga';
import { checkDecoratedCommand } from './command-argument';

export const SAGA_COMMAND_HANDLER = 'platform:saga-command-handler';

/**
 * Marks a provider method as the participant's handler of one saga command. It is called as
 * `(payload, context: CommandHandlerContext) => Promise<SagaOutcome>`: write effects with
 * `context.tx` and resolve with success(...) or failure(...); the reply leaves through the outbox
 * in that transaction and the inbox makes a redelivered command a no-op.
 */
export function SagaCommandHandler(command: AnyCommandType): MethodDecorator {
  return SetMetadata(SAGA_COMMAND_HANDLER, checkDecoratedCommand('SagaCommandHandler', command));
}
