import type { Database, QueryResult, Row, Transaction } from '@platform/database';
import type { EventContext, EventEnvelope } from '@platform/kafka';
import { inboxHandler } from './inbox-handler';

/** A database whose INSERT into the inbox reports whether the event id was new; it records the statements. */
function fakeDatabase(seen: Set<string>): Database & { statements: string[]; claims: unknown[][] } {
  const statements: string[] = [];
  /** topic, partition and offset of each inbox INSERT. */
  const claims: unknown[][] = [];
  const tx: Transaction = {
    async query<R extends Row = Row>(
      text: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<R>> {
      statements.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
      if (text.includes('INSERT INTO inbox')) {
        claims.push(params!.slice(2));
        const id = `${params![0]}/${params![1]}`;
        const fresh = !seen.has(id);
        seen.add(id);
        return { rows: [], rowCount: fresh ? 1 : 0 };
      }
      return { rows: [], rowCount: 0 };
    },
    exec: async () => undefined,
  };
  return { statements, claims, transaction: (work) => work(tx) } as Database & {
    statements: string[];
    claims: unknown[][];
  };
}

const event = { id: 'e-1', data: { n: 1 } } as EventEnvelope<{ n: number }>;
const context = {
  topic: 'orders.order.placed',
  sourceTopic: 'orders.order.placed',
  partition: 0,
  offset: '7',
} as EventContext;

describe('inboxHandler', () => {
  it('runs the effect in the inbox transaction the first time and skips it for a duplicate', async () => {
    const db = fakeDatabase(new Set());
    const effects: number[] = [];
    const duplicates: string[] = [];
    const handler = inboxHandler<{ n: number }>(
      { db, group: 'billing', onDuplicate: (e) => duplicates.push(e.id) },
      async (e, tx) => {
        effects.push(e.data.n);
        await tx.query('UPDATE ledger SET n = n + 1');
      },
    );
    await handler(event, context);
    await handler(event, context);
    expect(effects).toEqual([1]);
    expect(duplicates).toEqual(['e-1']);
    expect(db.statements).toEqual(['INSERT INTO inbox', 'UPDATE ledger SET', 'INSERT INTO inbox']);
  });

  it('records where the delivery was read: a retry topic with its own partition and offset', async () => {
    const db = fakeDatabase(new Set());
    const handler = inboxHandler({ db, group: 'billing' }, async () => undefined);
    const retried = {
      topic: 'orders.order.placed.billing-retry-1',
      sourceTopic: 'orders.order.placed',
      partition: 2,
      offset: '41',
    } as EventContext;
    await handler(event, retried);
    expect(db.claims).toEqual([['orders.order.placed.billing-retry-1', 2, '41']]);
  });

  it('acknowledges a duplicate even when onDuplicate throws: the event was handled, a retry would only dead-letter it', async () => {
    const db = fakeDatabase(new Set(['billing/e-1']));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const handler = inboxHandler(
        {
          db,
          group: 'billing',
          onDuplicate: () => {
            throw new Error('metrics backend down');
          },
        },
        async () => undefined,
      );
      await expect(handler(event, context)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith(
        '[inbox] the onDuplicate listener threw on a duplicate of e-1 (group billing); ignored: metrics backend down',
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses missing pieces with precise messages', () => {
    const db = fakeDatabase(new Set());
    expect(() =>
      inboxHandler({ db: undefined as never, group: 'g' }, async () => undefined),
    ).toThrow('expected a database (db)');
    expect(() => inboxHandler({ db, group: ' ' }, async () => undefined)).toThrow(
      'Invalid inbox group, expected the consumer group name received " "',
    );
    expect(() => inboxHandler({ db, group: 'g' }, undefined as never)).toThrow(
      'Invalid inbox effect, expected a function received undefined',
    );
    expect(() =>
      inboxHandler({ db, group: 'g', onDuplicate: 'log' as never }, async () => undefined),
    ).toThrow('Invalid inbox onDuplicate, expected a function received string');
  });
});
