import type { Database } from '@platform/database';
import { createOutbox } from '@platform/outbox';
import { success } from '../definition/outcome';
import { saga } from '../definition/saga-builder';
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

  it('refuses sagas that are not built definitions at once, naming which', () => {
    const unbuilt = createOrderSaga({}).steps; // anything but a definition
    const steps = saga({ name: 'half', replyTopic: 'orders.order.replies' })
      .step('a')
      .local(() => undefined);
    expect(
      () =>
        new SagaOrchestrator({
          db,
          outbox,
          service: 'orders',
          sagas: [createOrderSaga({}), steps as never],
        }),
    ).toThrow(
      'Invalid sagas[1], expected a built definition (saga(...)...build()) received an object without name and steps (missing .build()?)',
    );
    expect(
      () => new SagaOrchestrator({ db, outbox, service: 'orders', sagas: [unbuilt as never] }),
    ).toThrow('Invalid sagas[0]');
    expect(
      () => new SagaOrchestrator({ db, outbox, service: 'orders', sagas: undefined as never }),
    ).toThrow(
      'Invalid sagas, expected an array of saga definitions (saga(...)...build()) received undefined',
    );
  });

  it('a participant refuses a handler for a missing command type with a precise message', () => {
    const participant = new SagaParticipant({ db, outbox, service: 'inventory' });
    const refusal =
      'Invalid command type, expected a command from defineCommand(...) received undefined';
    expect(() => participant.handle(undefined as never, async () => success())).toThrow(refusal);
    expect(() => participant.handleBatch(undefined as never, async () => [])).toThrow(refusal);
  });

  it('keeps one transaction at a time on a serial database when groupCommit leaves concurrency undefined', async () => {
    let inTransaction = 0;
    let mostAtOnce = 0;
    const serial = {
      serialTransactions: true,
      transaction: async <T>(work: (tx: never) => Promise<T>): Promise<T> => {
        mostAtOnce = Math.max(mostAtOnce, ++inTransaction);
        try {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return await work({ query: async () => ({ rows: [], rowCount: 0 }) } as never);
        } finally {
          inTransaction -= 1;
        }
      },
    } as unknown as Database;
    const local = saga<{ n: number }>({ name: 'local-only', replyTopic: 'orders.order.replies' })
      .step('only')
      .local(() => undefined)
      .build();
    const orchestrator = new SagaOrchestrator({
      db: serial,
      outbox,
      sagas: [local],
      service: 'orders',
      groupCommit: { maxBatch: 10, concurrency: undefined },
    });
    const first = orchestrator.start(local, { n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first group is committing
    await Promise.all([first, orchestrator.start(local, { n: 2 })]);
    expect(mostAtOnce).toBe(1);
  });

  it('refuses to start a missing definition (an import cycle) with a precise message', async () => {
    const orchestrator = new SagaOrchestrator({
      db,
      outbox,
      sagas: [createOrderSaga({})],
      service: 'orders',
    });
    await expect(orchestrator.start(undefined as never, {})).rejects.toThrow(
      'Invalid saga definition, expected one registered with this orchestrator (sagas) received undefined',
    );
  });

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
