import { Socket } from 'node:net';
import {
  listeningSessions,
  openTestDatabase,
  type OpenTestDatabase,
  waitFor,
} from '@platform/testing';
import type { Database } from '../database';
import { openDatabase } from '../open-database';
import { TCP_KEEPALIVE_INITIAL_DELAY_MS } from './tcp-keepalive';

/**
 * A NAT or firewall that forgets an idle connection drops it silently: no FIN, no RST. A socket
 * with nothing to send never learns, so a LISTEN connection (idle between notifications) would
 * wait for hints that never come again. TCP keepalive probes keep the connection in the NAT's
 * table and, when they go unanswered, make the OS fail the socket (ETIMEDOUT). Which probes a
 * socket sends is not observable from JS, so the sockets pg opens are watched through the calls
 * that set them up, and matched to their sessions by port.
 */
describe('Postgres connections with TCP keepalive', () => {
  let opened: OpenTestDatabase;
  let url: string;
  let db: Database;
  const onListenError = jest.fn();
  let setNoDelay: jest.SpyInstance;
  let setKeepAlive: jest.SpyInstance;

  beforeAll(async () => {
    opened = await openTestDatabase('postgres');
    url = (opened.location as { url: string }).url;
  });

  afterAll(() => opened?.drop());

  beforeEach(async () => {
    onListenError.mockClear();
    // pg calls setNoDelay on every socket it opens, before connecting; setKeepAlive once it connected.
    setNoDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    setKeepAlive = jest.spyOn(Socket.prototype, 'setKeepAlive');
    db = await openDatabase({ url, onListenError });
  });

  afterEach(async () => {
    await db.close();
    jest.restoreAllMocks();
  });

  /** The socket pg opened for the session the server sees coming from `port`. */
  function socketFrom(port: number): Socket {
    const sockets = setNoDelay.mock.contexts as Socket[];
    const socket = sockets.find((candidate) => candidate.localPort === port);
    if (!socket) throw new Error(`No socket opened by pg from port ${port}`);
    return socket;
  }

  function keepAliveOf(socket: Socket): unknown[][] {
    return setKeepAlive.mock.calls.filter((_call, i) => setKeepAlive.mock.contexts[i] === socket);
  }

  async function listeningSocket(): Promise<{ pid: number; socket: Socket }> {
    const [pid] = await listeningSessions(url);
    const { rows } = await opened.db.query<{ port: number }>(
      'SELECT client_port AS port FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    return { pid, socket: socketFrom(rows[0].port) };
  }

  it('turns keepalive on for the LISTEN connection', async () => {
    await db.listen('items_kept', () => undefined);
    const { socket } = await listeningSocket();
    expect(keepAliveOf(socket)).toEqual([[true, TCP_KEEPALIVE_INITIAL_DELAY_MS]]);
  });

  it('turns keepalive on for pooled connections', async () => {
    const { rows } = await db.query<{ port: number }>('SELECT inet_client_port() AS port');
    expect(keepAliveOf(socketFrom(rows[0].port))).toEqual([[true, TCP_KEEPALIVE_INITIAL_DELAY_MS]]);
  });

  it('reports the LISTEN connection lost when keepalive finds it dead, and listens again', async () => {
    const received: string[] = [];
    await db.listen('items_timed_out', (payload) => received.push(payload));
    const { pid, socket } = await listeningSocket();

    // What the OS does once keepalive probes went unanswered.
    socket.destroy(Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' }));

    await waitFor('a new LISTEN session', async () => {
      const pids = await listeningSessions(url);
      return pids.length === 1 && pids[0] !== pid;
    });
    expect(onListenError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ETIMEDOUT' }));
    await db.notify('items_timed_out', 'after the timeout');
    await waitFor('the notification', () => received.length === 1, 5_000);
    expect(received).toEqual(['after the timeout']);
    // The new connection is kept alive too.
    expect(keepAliveOf((await listeningSocket()).socket)).toEqual([
      [true, TCP_KEEPALIVE_INITIAL_DELAY_MS],
    ]);
  });
});
