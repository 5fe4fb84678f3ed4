import type { Database } from '@platform/database';
import { createOutbox } from '@platform/outbox';
import { createOrderSaga } from '../fixtures/create-order-saga';
import { givenSaga } from '../harness/given-saga';
import { SagaParticipant } from '../participant/saga-participant';
import { catalogOf } from './orchestrator.spec-helper';
import { SagaOrchestrator } from './saga-orchestrator';

// Construction touches no database: bad options are refused before anything runs.
const db = {} as Database;
const outbox = createOutbox({ catalog: catalogOf('orders', ['inventory.stock.commands'], []) });

describe('orchestrator and participant options', () => {
  it.each([undefined, '', 'Orders'])(
    'refuses service %p at once, not at the first reply (the inbox records replies under it)',
    (service) => {
      expect(
        () => new SagaOrchestrator({ db, outbox, sagas: [], service: service as string }),
      ).toThrow(/Invalid service name/);
      expect(() => new SagaParticipant({ db, outbox, service: service as string })).toThrow(
        /Invalid service name/,
      );
    },
  );

  it.each([
    [undefined, 'received undefined'],
    [{ orderId: 'o-1', amount: 1n }, 'Do not know how to serialize a BigInt'],
  ])(
    'refuses to start a saga with data %p that JSON cannot hold (it is saved as jsonb)',
    async (data, detail) => {
      const definition = createOrderSaga({});
      const orchestrator = new SagaOrchestrator({
        db,
        outbox,
        sagas: [definition],
        service: 'orders',
      });
      const start = orchestrator.start(definition, data as never);
      await expect(start).rejects.toThrow(
        'Invalid saga data, expected a value JSON can hold (it is saved as jsonb)',
      );
      await expect(start).rejects.toThrow(detail);
      await expect(givenSaga(definition).whenStarted(data as never)).rejects.toThrow(
        'Invalid saga data, expected a value JSON can hold (it is saved as jsonb)',
      );
    },
  );

  it.each(['', 42])(
    'refuses to start a saga under id %p (its commands and replies could not carry it)',
    async (id) => {
      const definition = createOrderSaga({});
      const orchestrator = new SagaOrchestrator({
        db,
        outbox,
        sagas: [definition],
        service: 'orders',
      });
      await expect(
        orchestrator.start(
          definition,
          { orderId: 'o-1', sku: 'A', quantity: 1, amount: 1 },
          { id: id as string },
        ),
      ).rejects.toThrow(
        `Invalid saga id, expected a non-empty string received ${JSON.stringify(id)}`,
      );
    },
  );
});
