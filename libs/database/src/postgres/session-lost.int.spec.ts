import {
  endSession,
  endSessions,
  listeningSessions,
  openTestDatabase,
  type OpenTestDatabase,
  waitFor,
} from '@platform/testing';
import { openDatabase } from '../open-database';

/**
 * A server restart, a failover or pg_terminate_backend ends the sessions of a running service:
 * some while a transaction holds them between two statements (a relay waiting for the broker, a
 * handler calling another service), the others while they sit idle in the pool. An 'error' that
 * pg emits with no listener would crash the process; Jest fails a test on one ("Unhandled error").
 */
describe('Postgres transactions when the server ends their sessions', () => {
  let opened: OpenTestDatabase;
  let url: string;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    url = (opened.location as { url: string }).url;
    await opened.db.exec('CREATE TABLE items (id int PRIMARY KEY)');
  });

  afterAll(() => opened?.drop());

  beforeEach(() => opened.db.query('DELETE FROM items'));

  it('fails a transaction whose session ends between statements, and the next transaction works', async () => {
    const { db } = opened;
    const lost = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (1)');
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // Another session ends this one, idle in its transaction meanwhile; then it goes on.
      await endSession(rows[0].pid);
      await tx.query('INSERT INTO items (id) VALUES (2)');
    });
    await expect(lost).rejects.toThrow();

    await db.transaction((tx) => tx.query('INSERT INTO items (id) VALUES (3)'));
    const { rows } = await db.query<{ id: number }>('SELECT id FROM items ORDER BY id');
    expect(rows).toEqual([{ id: 3 }]); // the ended transaction wrote nothing
  });

  it('re-establishes LISTEN even when the onListenError it reports the loss to throws', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const db = await openDatabase({
      url,
      onListenError: () => {
        throw new Error('logger down');
      },
    });
    try {
      const received: string[] = [];
      await db.listen('items_lost', (payload) => received.push(payload));
      const [pid] = await listeningSessions(url);
      await endSession(pid);
      await waitFor('a new LISTEN session', async () => {
        const pids = await listeningSessions(url);
        return pids.length === 1 && pids[0] !== pid;
      });
      await db.notify('items_lost', 'after the loss');
      await waitFor('the notification', () => received.length === 1, 5_000);
      expect(warn).toHaveBeenCalledWith('[database] onListenError threw; ignored: logger down');
    } finally {
      await db.close();
      warn.mockRestore();
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
    expect(await endSessions([url])).toBeGreaterThanOrEqual(5);

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
