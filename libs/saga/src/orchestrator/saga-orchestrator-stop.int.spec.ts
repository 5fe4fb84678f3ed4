import { createOutbox, type Outbox } from '@platform/outbox';
import { DATABASE_DRIVERS, openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { defineCommand } from '../definition/command';
import { saga } from '../definition/saga-builder';
import { migrateSagaTables } from '../store/saga-store';
import { catalogOf, contextFor, envelope, prepareOutbox } from './orchestrator.spec-helper';
import { SagaOrchestrator } from './saga-orchestrator';
import { SagaStoppedError } from './saga-stopped-error';

const call = defineCommand<{ n: number }>({ topic: 'things.thing.commands', type: 'do-thing' });

/** A first step that holds its transaction open a while, as a slow local step does. */
const slow = saga<{ n: number }>({ name: 'slow', replyTopic: 'things.thing.replies' })
  .step('write')
  .local(async ({ tx, sagaId, data }) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await tx.query('INSERT INTO things (saga_id, n) VALUES ($1, $2)', [sagaId, data.n]);
  })
  .step('call')
  .invoke((data) => call.with({ n: data.n }))
  .build();

// Each test closes its database, as a service shutting down does: `await stop(); await db.close()`.
describe.each(DATABASE_DRIVERS)('SagaOrchestrator.stop() on %s', (driver) => {
  let opened: OpenTestDatabase;
  let outbox: Outbox;
  let orchestrator: SagaOrchestrator;

  beforeEach(async () => {
    opened = await openTestDatabase(driver);
    await migrateSagaTables(opened.db);
    await prepareOutbox(opened.db);
    await opened.db.exec('CREATE TABLE things (saga_id text, n int)');
    outbox = createOutbox({ catalog: catalogOf('orders', [call.topic], []) });
    // One start per commit, one commit at a time: when stop() is called, one is running and the others are queued.
    orchestrator = new SagaOrchestrator({
      db: opened.db,
      outbox,
      service: 'orders',
      sagas: [slow],
      groupCommit: { maxBatch: 1, concurrency: 1 },
    });
  });

  afterEach(() => opened?.drop());

  it('waits for the group commits in flight (running and queued), so the database can be closed right after', async () => {
    const starts = [1, 2, 3].map((n) => orchestrator.start(slow, { n }));
    const settled = Promise.allSettled(starts);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the first commit is inside its slow step

    await orchestrator.stop();
    await opened.db.close();

    const results = await settled;
    expect(
      results.map((result) =>
        result.status === 'rejected' ? String(result.reason) : result.status,
      ),
    ).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('refuses starts, replies and resumes after stop() with SagaStoppedError, touching no database', async () => {
    await orchestrator.stop();
    await opened.db.close();

    await expect(orchestrator.start(slow, { n: 1 })).rejects.toThrow(SagaStoppedError);
    await expect(orchestrator.start(slow, { n: 1 })).rejects.toThrow(
      /SagaOrchestrator is stopped .*start refused/,
    );
    const reply = envelope({
      sagaId: 's-1',
      sagaType: 'slow',
      step: 2,
      attempt: 1,
      outcome: 'success',
    });
    // Retriable: the consumer does not dead-letter a reply a stopping instance refused; a running one applies it.
    await expect(
      orchestrator.replyHandler()(reply, contextFor('things.thing.replies')),
    ).rejects.toMatchObject({ name: 'SagaStoppedError', retriable: true });
    await expect(
      orchestrator.replyBatchHandler()([
        { event: reply, context: contextFor('things.thing.replies') },
      ]),
    ).rejects.toThrow(SagaStoppedError);
    await expect(orchestrator.resume('s-1')).rejects.toThrow(SagaStoppedError);
    expect(() => orchestrator.startDeadlinePoller()).toThrow(SagaStoppedError);
  });

  it('stops waiting after timeoutMs and says what it left running', async () => {
    const errors: string[] = [];
    const logged = new SagaOrchestrator({
      db: opened.db,
      outbox,
      service: 'orders',
      sagas: [slow],
      logger: { warn: () => undefined, error: (message) => errors.push(message) },
    });
    const start = logged.start(slow, { n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));

    await logged.stop({ timeoutMs: 10 });
    expect(errors).toEqual([expect.stringMatching(/1 write\(s\) still in flight after 10 ms/)]);
    await start; // the database is still open here: it commits
    await expect(logged.stop({ timeoutMs: 0 })).rejects.toThrow(RangeError);
  });
});
