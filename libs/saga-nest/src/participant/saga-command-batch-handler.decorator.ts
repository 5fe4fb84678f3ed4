import { SetMetadata } from '@nestjs/common';
import type { AnyCommandType } from '@platform/saga';
import { checkDecoratedCommand } from './command-argument';

export const SAGA_COMMAND_BATCH_HANDLER = 'platform:saga-command-batch-handler';

/**
 * Marks a provider method as the participant's batch handler of one saga command (see
 * SagaParticipant.handleBatch). It is called as `(commands, { tx }) => Promise<SagaOutcome[]>`
 * with every such command of a transaction: write their effects with a few set-based statements
 * on `tx`, and resolve with one outcome per command, in order. A failure outcome does not undo
 * writes here: write nothing for the commands you refuse.
 */
export function SagaCommandBatchHandler(command: AnyCommandType): MethodDecorator {
  return SetMetadata(
    SAGA_COMMAND_BATCH_HANDLER,
    checkDecoratedCommand('SagaCommandBatchHandler', command),
  );
}
