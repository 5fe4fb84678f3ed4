import { openTestDatabase, type OpenTestDatabase } from '@platform/testing';
import { Client } from 'pg';

/**
 * A server restart, a failover or pg_terminate_backend ends the sessions of a running service:
 * some while a transaction holds them between two statements (a relay waiting for the broker, a
 * handler calling another service), the others while they sit idle in the pool.
 */
describe('Postgres transactions when the server ends their sessions', () => {
  let opened: OpenTestDatabase;
  let terminator: Client;
  let database: string;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    await opened.db.exec('CREATE TABLE items (id int PRIMARY KEY)');
    // Connected to another database, so ending the test database's sessions never ends its own.
    const url = new URL((opened.location as { url: string }).url);
    database = url.pathname.slice(1);
    url.pathname = '/postgres';
    terminator = new Client({ connectionString: url.toString() });
    await terminator.connect();
  });

  afterAll(async () => {
    await terminator?.end();
    await opened?.drop();
  });

  beforeEach(() => opened.db.query('DELETE FROM items'));

  it('fails a transaction whose session ends between statements, keeps the process alive, and the next transaction works', async () => {
    const { db } = opened;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): number => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const lost = db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (1)');
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Another session ends this one; then the transaction, idle in the meantime, goes on.
        await terminator.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.query('INSERT INTO items (id) VALUES (2)');
      });
      await expect(lost).rejects.toThrow();
      expect(uncaught).toEqual([]);

      await db.transaction((tx) => tx.query('INSERT INTO items (id) VALUES (3)'));
      const { rows } = await db.query<{ id: number }>('SELECT id FROM items ORDER BY id');
      expect(rows).toEqual([{ id: 3 }]); // the ended transaction wrote nothing
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('starts the next transactions on new connections when every idle pooled session was ended', async () => {
    const { db } = opened;
    // Five pooled connections, all idle afterwards.
    await Promise.all(
      [10, 11, 12, 13, 14].map((id) =>
        db.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep(0.05)');
          await tx.query('INSERT INTO items (id) VALUES ($1)', [id]);
        }),
      ),
    );
    const { rows: ended } = await terminator.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    expect(ended.filter((row) => row.ended).length).toBeGreaterThanOrEqual(5);

    // At once, before the pool has noticed: each would otherwise take a dead connection.
    await Promise.all(
      [20, 21, 22, 23, 24].map((id) =>
        db.transaction((tx) => tx.query('INSERT INTO items (id) VALUES ($1)', [id])),
      ),
    );
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items');
    expect(rows[0].n).toBe(10);
  });
});
