import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DATABASE_DRIVERS,
  freshPgliteDir,
  openTestDatabase,
  type OpenTestDatabase,
} from '@platform/testing';
import type { Database } from './database';
import { openDatabase } from './open-database';
import { CLOSE_WAIT_WARNING_MS } from './postgres/postgres-database';
import {
  CloseInTransactionError,
  NestedTransactionError,
  PoolExhaustedError,
  TransactionEndedError,
  TransactionRolledBackError,
} from './errors';

const waitFor = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe.each(DATABASE_DRIVERS)('Database on %s', (driver) => {
  let opened: OpenTestDatabase;
  let db: Database;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
    db = opened.db;
    await db.exec(
      'CREATE TABLE items (id int PRIMARY KEY, doc jsonb, big bigint, amount numeric, at timestamptz DEFAULT now())',
    );
  });

  afterAll(() => opened?.drop());

  beforeEach(() => db.query('DELETE FROM items'));

  it('says which driver it is and whether transactions are serial', () => {
    expect(db.driver).toBe(driver);
    expect(db.serialTransactions).toBe(driver === 'pglite');
  });

  it('returns the same shapes on both drivers: jsonb parsed, int8/numeric as strings, timestamptz as Date', async () => {
    const insert = await db.query(
      'INSERT INTO items (id, doc, big, amount) VALUES ($1, $2::jsonb, $3, $4)',
      [1, JSON.stringify({ list: [1, 2], name: 'a' }), '9007199254740993', '12.50'],
    );
    expect(insert.rowCount).toBe(1);
    const { rows, rowCount } = await db.query('SELECT id, doc, big, amount, at FROM items');
    expect(rowCount).toBe(1);
    expect(rows[0]).toEqual({
      id: 1,
      doc: { list: [1, 2], name: 'a' },
      big: '9007199254740993',
      amount: '12.50',
      at: expect.any(Date),
    });
    expect((await db.query('UPDATE items SET big = big + 1 WHERE id = 1')).rowCount).toBe(1);
    expect((await db.query('DELETE FROM items WHERE id = 42')).rowCount).toBe(0);
  });

  it('returns bytea as a Buffer on both drivers', async () => {
    const { rows } = await db.query<{ data: Buffer }>('SELECT $1::bytea AS data', [
      Buffer.from('hi ✓'),
    ]);
    expect(Buffer.isBuffer(rows[0].data)).toBe(true);
    expect(rows[0].data.toString('utf8')).toBe('hi ✓');
    // Also in the escape format a session may choose.
    const escaped = await db.transaction(async (tx) => {
      await tx.query("SET LOCAL bytea_output = 'escape'");
      return (await tx.query<{ data: Buffer }>("SELECT 'a\\001b'::bytea AS data")).rows[0].data;
    });
    expect(escaped).toEqual(Buffer.from([0x61, 0x01, 0x62]));
  });

  it('writes and reads timestamp and date as local time on both drivers, as pg does', async () => {
    // A machine outside UTC (a laptop running the demo), in a child: Jest cannot change its zone.
    const location =
      'url' in opened.location ? opened.location : { dataDir: await freshPgliteDir() };
    try {
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, 'fixtures', 'moments-in-zone.ts'),
          JSON.stringify(location),
        ],
        { encoding: 'utf8', env: { ...process.env, TZ: 'Europe/Berlin', NODE_OPTIONS: '' } },
      );
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout)).toEqual([
        {
          ts: '2024-06-01T12:00:00.000Z',
          tz: '2024-06-01T12:00:00.000Z',
          d: '2024-05-31T22:00:00.000Z', // local midnight, as pg parses a date
          ts_text: '2024-06-01 14:00:00', // local wall clock, as pg sends a Date
          d_text: '2024-06-01',
        },
      ]);
    } finally {
      if ('dataDir' in location) rmSync(location.dataDir, { recursive: true, force: true });
    }
  });

  it('commits what the callback wrote and returns its result', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (1), (2)');
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM items')).rows[0].n;
    });
    expect(result).toBe(2);
    expect((await db.query('SELECT id FROM items ORDER BY id')).rows).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
  });

  it('rolls everything back when the callback throws, and rethrows', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (1)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (2)');
        await tx.query('INSERT INTO items (id) VALUES (2)'); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await db.query('SELECT id FROM items')).rows).toEqual([]);
  });

  it('fails the transaction when a caught statement error made COMMIT roll it back', async () => {
    const outcome = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (1)');
      // The error is swallowed, but Postgres has aborted the transaction: COMMIT rolls back.
      await tx.query('INSERT INTO items (id) VALUES (1)').catch(() => undefined);
      return 'believed committed';
    });
    await expect(outcome).rejects.toThrow(TransactionRolledBackError);
    await expect(outcome).rejects.toThrow(/rolled back instead of committed.*savepoint/s);
    expect((await db.query('SELECT id FROM items')).rows).toEqual([]);
    // The connection (PGlite: the only one) is usable afterwards.
    await db.transaction((tx) => tx.query('INSERT INTO items (id) VALUES (2)'));
    expect((await db.query('SELECT id FROM items')).rows).toEqual([{ id: 2 }]);
  });

  it('commits when the failing statement was caught inside a savepoint', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (1)');
      await tx.query('SAVEPOINT maybe_duplicate');
      await tx
        .query('INSERT INTO items (id) VALUES (1)')
        .catch(() => tx.query('ROLLBACK TO SAVEPOINT maybe_duplicate'));
    });
    expect((await db.query('SELECT id FROM items')).rows).toEqual([{ id: 1 }]);
  });

  it('refuses a statement sent on tx after its transaction ended, instead of running it outside', async () => {
    let late: Promise<unknown> | undefined;
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (1)');
        // Work that outlives the callback (an un-awaited branch, a timer) still holds tx.
        late = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
          tx.query('INSERT INTO items (id) VALUES (2)'),
        );
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(late).rejects.toBeInstanceOf(TransactionEndedError);
    expect((await db.query('SELECT id FROM items')).rows).toEqual([]);
  });

  it.each([
    ['committing', undefined],
    ['rolling back', new Error('changed my mind')],
  ])(
    'refuses a statement sent on tx while the transaction is %s, instead of running it after',
    async (_ending, failure) => {
      let late: Promise<unknown> | undefined;
      const outcome = db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (1)');
        // Sent a few microtasks after the callback settled: COMMIT or ROLLBACK is on its way then.
        let hops = Promise.resolve();
        for (let i = 0; i < 20; i++) hops = hops.then(() => undefined);
        late = hops.then(() => tx.query('INSERT INTO items (id) VALUES (2)'));
        if (failure) throw failure;
      });
      if (failure) await expect(outcome).rejects.toBe(failure);
      else await outcome;
      await expect(late).rejects.toBeInstanceOf(TransactionEndedError);
      expect((await db.query('SELECT id FROM items')).rows).toEqual(failure ? [] : [{ id: 1 }]);
    },
  );

  it('lets work started inside a transaction use db once the transaction ended', async () => {
    let later: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (1)');
      later = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
        db.query('SELECT id FROM items'),
      );
    });
    await expect(later).resolves.toMatchObject({ rows: [{ id: 1 }] });
  });

  // PGlite already tracks its transaction's async context (nested calls) and refuses; Postgres
  // cannot without slowing every promise of the process (see close()), so it warns.
  if (driver === 'pglite')
    it('refuses close() from inside its own transaction instead of hanging, and closes once it ended', async () => {
      // A database of its own: this test closes it.
      const own = await openTestDatabase(driver);
      let closeLater: Promise<void> | undefined;
      const outcome = own.db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        // Work started here that outlives the transaction may close the database.
        closeLater = new Promise((resolve) => setTimeout(resolve, 50)).then(() => own.db.close());
        await own.db.close();
      });
      // close() waits for running transactions, this one included: before, it never settled.
      const settled = await Promise.race([
        outcome.then(
          () => 'committed',
          (error: unknown) => error,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000)),
      ]);
      expect(settled).toBeInstanceOf(CloseInTransactionError);
      expect((settled as Error).message).toBe(
        'close() was called inside a transaction of this database: it waits for running ' +
          'transactions, that one included, so it would wait forever. Close after the transaction ' +
          'callback returns.',
      );
      await expect(closeLater).resolves.toBeUndefined();
      await expect(own.db.query('SELECT 1')).rejects.toThrow(/is closed/);
      await own.drop();
    });
  else
    it(
      'warns when close() has waited for a running transaction, and closes once it ended',
      async () => {
        const own = await openTestDatabase(driver);
        const warnings: string[] = [];
        const warn = jest.spyOn(console, 'warn').mockImplementation((line: string) => {
          warnings.push(line);
        });
        try {
          let closed: Promise<void> | undefined;
          await own.db.transaction(async (tx) => {
            await tx.query('SELECT 1');
            // Not awaited here (that would wait forever): the warning is what tells someone who did.
            closed = own.db.close();
            await waitFor(() => warnings.length > 0, CLOSE_WAIT_WARNING_MS + 3_000);
          });
          await expect(closed).resolves.toBeUndefined();
          expect(warnings).toEqual([
            `[database] close() has waited ${CLOSE_WAIT_WARNING_MS} ms for 1 running transaction(s) to end. ` +
              'Called and awaited inside one of them, it waits forever: close after the transaction callback returns.',
          ]);
          await expect(own.db.query('SELECT 1')).rejects.toThrow(/is closed/);
        } finally {
          warn.mockRestore();
          await own.drop();
        }
      },
      CLOSE_WAIT_WARNING_MS + 10_000,
    );

  it('runs a multi-statement script with exec, in and out of transactions', async () => {
    await db.exec('INSERT INTO items (id) VALUES (1); INSERT INTO items (id) VALUES (2);');
    await db.transaction((tx) =>
      tx.exec('INSERT INTO items (id) VALUES (3); DELETE FROM items WHERE id = 1;'),
    );
    expect((await db.query('SELECT id FROM items ORDER BY id')).rows).toEqual([
      { id: 2 },
      { id: 3 },
    ]);
  });

  it('refuses several statements in one query, in and out of transactions, before running any', async () => {
    const script = 'INSERT INTO items (id) VALUES (1); INSERT INTO items (id) VALUES (2)';
    await expect(db.query(script)).rejects.toThrow(/multiple commands/);
    await expect(db.transaction((tx) => tx.query(script))).rejects.toThrow(/multiple commands/);
    expect((await db.query('SELECT id FROM items')).rows).toEqual([]);
  });

  it('delivers NOTIFY to listeners only once the notifying transaction committed', async () => {
    const received: string[] = [];
    const unlisten = await db.listen('items_changed', (payload) => received.push(payload));
    try {
      await db
        .transaction(async (tx) => {
          await tx.query("SELECT pg_notify('items_changed', 'rolled-back')");
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await db.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('items_changed', 'committed')");
      });
      await db.notify('items_changed', 'direct');
      await waitFor(() => received.length >= 2);
      expect(received).toEqual(['committed', 'direct']);
    } finally {
      await unlisten();
    }
    await db.notify('items_changed', 'after unlisten');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual(['committed', 'direct']);
  });

  it('stops delivering when unlisten is called from inside a transaction', async () => {
    const received: string[] = [];
    const unlisten = await db.listen('items_inside', (payload) => received.push(payload));
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await unlisten();
    });
    await db.notify('items_inside', 'after unlisten');
    await db.query('SELECT 1'); // PGlite delivers with the next statement
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([]);
  });

  it('reports a listener that throws and keeps delivering, instead of crashing the process', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const received: string[] = [];
    const unlistenBroken = await db.listen('items_broken', () => {
      throw new Error('listener broke');
    });
    const unlisten = await db.listen('items_broken', (payload) => received.push(payload));
    try {
      await db.notify('items_broken', 'first');
      await db.notify('items_broken', 'second');
      await waitFor(() => received.length === 2);
      expect(received).toEqual(['first', 'second']);
      expect(warn).toHaveBeenCalledWith(
        '[database] a listener of channel items_broken threw; ignored: listener broke',
      );
    } finally {
      await unlistenBroken();
      await unlisten();
      warn.mockRestore();
    }
  });

  if (driver === 'pglite') {
    it('runs transactions one at a time: a second one waits for the first to commit', async () => {
      const log: string[] = [];
      let releaseFirst!: () => void;
      const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
      const first = db.transaction(async (tx) => {
        log.push('first begins');
        await tx.query('INSERT INTO items (id) VALUES (1)');
        await firstMayFinish;
        log.push('first commits');
      });
      const second = db.transaction(async (tx) => {
        log.push('second begins');
        await tx.query('INSERT INTO items (id) VALUES (2)');
      });
      const outside = db.query('SELECT 1').then(() => log.push('query outside'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(log).toEqual(['first begins']);
      releaseFirst();
      await Promise.all([first, second, outside]);
      expect(log).toEqual(['first begins', 'first commits', 'second begins', 'query outside']);
    });

    it('lets timers and sockets run between transactions, even when writers never pause', async () => {
      let ticks = 0;
      let writersDone = false;
      let ticksWhileWriting = 0;
      const timer = setInterval(() => {
        ticks++;
        if (!writersDone) ticksWhileWriting = ticks;
      }, 5);
      const writer = async (w: number): Promise<void> => {
        for (let i = 0; i < 150; i++)
          await db.transaction((tx) =>
            tx.query('INSERT INTO items (id) VALUES ($1)', [w * 1000 + i]),
          );
      };
      await Promise.all([1, 2, 3].map(writer));
      writersDone = true;
      clearInterval(timer);
      expect(ticksWhileWriting).toBeGreaterThan(0);
    });

    it('refuses a statement on db from inside its own transaction instead of hanging', async () => {
      await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toBeInstanceOf(
        NestedTransactionError,
      );
      await expect(db.transaction(() => db.transaction(async () => undefined))).rejects.toThrow(
        /Use the `tx`/,
      );
      await expect(db.query('SELECT 1 AS ok')).resolves.toEqual({ rows: [{ ok: 1 }], rowCount: 1 });
    });
  } else {
    it('fails a db call that waits for a connection its own transaction holds, instead of hanging', async () => {
      const { url } = opened.location as { url: string };
      const single = await openDatabase({ url, poolSize: 1, acquireTimeoutMs: 300 });
      try {
        const nested = single.transaction(() => single.query('SELECT 1'));
        await expect(nested).rejects.toBeInstanceOf(PoolExhaustedError);
        await expect(nested).rejects.toThrow(
          "No database connection came free within 300 ms: all 1 of the pool's connections are in use.",
        );
        // The transaction rolled back and gave its connection back.
        await expect(single.query('SELECT 1 AS ok')).resolves.toEqual({
          rows: [{ ok: 1 }],
          rowCount: 1,
        });
      } finally {
        await single.close();
      }
    });

    it('runs transactions side by side on separate connections', async () => {
      let releaseFirst!: () => void;
      const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
      const first = db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (1)');
        await firstMayFinish;
      });
      await db.transaction((tx) => tx.query('INSERT INTO items (id) VALUES (2)'));
      // The second committed while the first is still open: its row is visible, the first one's is not.
      expect((await db.query('SELECT id FROM items')).rows).toEqual([{ id: 2 }]);
      releaseFirst();
      await first;
      expect((await db.query('SELECT id FROM items ORDER BY id')).rows).toEqual([
        { id: 1 },
        { id: 2 },
      ]);
    });
  }
});
