// A stand-in for the outbox and inbox in the database-only orchestrator tests: messages go to a
// table in the same transaction (so a rollback drops them), events are handled once per id.
import type { Database, Transaction } from '@platform/database';
import type { EventContext, EventEnvelope } from '@platform/kafka';
import type { SagaMessaging, OutboxMessage } from './messaging';

export async function tableMessaging(db: Database): Promise<SagaMessaging & { sent(): Promise<OutboxMessage[]> }> {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS test_outbox (id serial PRIMARY KEY, message jsonb NOT NULL);
    CREATE TABLE IF NOT EXISTS test_inbox (consumer text NOT NULL, event_id text NOT NULL, PRIMARY KEY (consumer, event_id));
  `);
  return {
    async send(tx: Transaction, message: OutboxMessage) {
      await tx.query('INSERT INTO test_outbox (message) VALUES ($1::jsonb)', [JSON.stringify(message)]);
    },
    once(consumer, handler) {
      return (event: EventEnvelope, context: EventContext) =>
        db.transaction(async (tx) => {
          const { rowCount } = await tx.query('INSERT INTO test_inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [consumer, event.id]);
          if (rowCount === 1) await handler(tx, event, context);
        });
    },
    async sent() {
      const { rows } = await db.query<{ message: OutboxMessage }>('SELECT message FROM test_outbox ORDER BY id');
      return rows.map((row) => row.message);
    },
  };
}

export function envelope<T>(id: string, data: T): EventEnvelope<T> {
  return { id, type: 'test', source: '/test', time: new Date().toISOString(), key: 'k', correlationId: id, data };
}

export const noContext: EventContext = {
  topic: 'orders.order.replies',
  sourceTopic: 'orders.order.replies',
  partition: 0,
  offset: '0',
  attempt: 1,
  headers: {},
  heartbeat: async () => undefined,
};
