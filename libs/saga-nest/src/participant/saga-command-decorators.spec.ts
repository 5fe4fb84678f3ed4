import { defineCommand } from '@platform/saga';
import {
  SAGA_COMMAND_BATCH_HANDLER,
  SagaCommandBatchHandler,
} from './saga-command-batch-handler.decorator';
import { SAGA_COMMAND_HANDLER, SagaCommandHandler } from './saga-command-handler.decorator';

const reserve = defineCommand<{ sku: string }>({
  topic: 'inventory.stock.commands',
  type: 'reserve-stock',
});

describe('@SagaCommandHandler and @SagaCommandBatchHandler', () => {
  it.each([
    ['SagaCommandHandler', SagaCommandHandler],
    ['SagaCommandBatchHandler', SagaCommandBatchHandler],
  ])(
    '@%s refuses a missing command at once, instead of leaving the method unregistered',
    (name, decorator) => {
      // An import cycle leaves the command undefined when the class is decorated.
      expect(() => decorator(undefined as never)).toThrow(
        `Invalid @${name} command, expected a command from defineCommand(...) received undefined (an import cycle can leave it undefined when the decorator runs)`,
      );
      expect(() => decorator({ type: 'reserve-stock' } as never)).toThrow(
        `Invalid @${name} command`,
      );
    },
  );

  it('marks a method with its command', () => {
    class Inventory {
      @SagaCommandHandler(reserve)
      one(): void {}

      @SagaCommandBatchHandler(reserve)
      many(): void {}
    }
    expect(Reflect.getMetadata(SAGA_COMMAND_HANDLER, Inventory.prototype.one)).toBe(reserve);
    expect(Reflect.getMetadata(SAGA_COMMAND_BATCH_HANDLER, Inventory.prototype.many)).toBe(reserve);
  });
});
