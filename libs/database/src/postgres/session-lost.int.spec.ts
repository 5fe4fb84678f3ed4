import { openTestDatabase, type OpenTestDatabase } from '@platform/testing';

/**
 * A server restart, a failover or pg_terminate_backend ends a session while a transaction holds
 * it between two statements (a relay waiting for the broker, a handler calling another service).
 */
describe('a Postgres transaction whose session the server ends between statements', () => {
  let opened: OpenTestDatabase;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    await opened.db.exec('CREATE TABLE items (id int PRIMARY KEY)');
  });

  afterAll(() => opened?.drop());

  it('fails that transaction, keeps the process alive, and the next transaction works', async () => {
    const { db } = opened;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): number => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const lost = db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (1)');
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Another session ends this one; then the transaction, idle in the meantime, goes on.
        await db.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
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
});
