import type { Database, QueryResult, Transaction } from '@platform/database';
import type { EventProducer } from '@platform/kafka';
import { waitFor } from '@platform/testing';
import { createOutboxRelay } from './outbox-relay';
import type { RelayEvent } from './relay-events';
import { CLAIM_BATCH } from './relay-sql';

/** Resolves or rejects when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/**
 * A Postgres-like database (concurrent transactions) with one pending row for the first claim,
 * a LISTEN that answers when the test says so, and a record of what happened.
 */
function fakeDatabase() {
  const listening = deferred();
  const log: string[] = [];
  let rowsLeft = 1;
  const tx: Transaction = {
    query: async (text: string): Promise<QueryResult<never>> => {
      if (text === CLAIM_BATCH) {
        const rows =
          rowsLeft-- > 0
            ? [{ id: 'r-1', aggregateid: 'o-1', topic: 't', payload: '{}', headers: {} }]
            : [];
        return { rows: rows as never[], rowCount: rows.length };
      }
      log.push(text.trim().split(/\s+/)[0]);
      return { rows: [], rowCount: 0 };
    },
    // Only the migration runs scripts: it fails as if the server were down.
    exec: async () => {
      throw new Error('connection refused');
    },
  };
  const db = {
    driver: 'postgres',
    serialTransactions: false,
    transaction: (work: (tx: Transaction) => Promise<unknown>) => work(tx),
    listen: async () => {
      log.push('LISTEN');
      await listening.promise;
      return async () => {
        log.push('UNLISTEN');
      };
    },
  } as unknown as Database;
  return { db, log, listening };
}

/** A Postgres-like database whose first claim returns `ids` (then nothing); it records the ids each later statement (the delete) was given. */
function databaseWithRows(ids: string[]) {
  const marked: unknown[] = [];
  let claims = 0;
  const tx: Transaction = {
    query: async (text: string, params?: readonly unknown[]): Promise<QueryResult<never>> => {
      if (text === CLAIM_BATCH) {
        const rows =
          claims++ === 0
            ? ids.map((id) => ({ id, aggregateid: id, topic: 't', payload: '{}', headers: {} }))
            : [];
        return { rows: rows as never[], rowCount: rows.length };
      }
      marked.push(params?.[0]);
      return { rows: [], rowCount: 0 };
    },
    exec: async () => undefined,
  };
  const db = {
    driver: 'postgres',
    serialTransactions: false,
    transaction: (work: (tx: Transaction) => Promise<unknown>) => work(tx),
    claims: () => claims,
  } as unknown as Database;
  return { db, marked };
}

function claimsOf(db: Database): number {
  return (db as unknown as { claims: () => number }).claims();
}

/** A producer whose sends wait until the test acknowledges them. */
function heldProducer() {
  const acks: (() => void)[] = [];
  const producer = {
    sendJson: () => new Promise<void>((resolve) => acks.push(resolve)),
  } as unknown as EventProducer;
  return { producer, acks };
}

const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('relay start and stop', () => {
  it('a stop during start leaves nothing running: no LISTEN, no loops', async () => {
    const { db, log, listening } = fakeDatabase();
    const { producer } = heldProducer();
    const relay = createOutboxRelay({ db, producer, cleanupIntervalMs: 0 });
    const started = relay.start();
    await turns();
    expect(log).toEqual(['LISTEN']);
    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await turns();
    listening.resolve();
    await Promise.all([started, stopping]);
    expect(stopped).toBe(true);
    await turns();
    // The subscription made while stopping was undone, and no batch ran after the stop.
    expect(log).toEqual(['LISTEN', 'UNLISTEN']);
  });

  it('every stop waits for the batch in flight to be published and deleted', async () => {
    const { db, log, listening } = fakeDatabase();
    listening.resolve();
    const { producer, acks } = heldProducer();
    const relay = createOutboxRelay({ db, producer, cleanupIntervalMs: 0, concurrency: 1 });
    await relay.start();
    await turns();
    expect(acks).toHaveLength(1);
    const done: string[] = [];
    const first = relay.stop().then(() => done.push('first'));
    const second = relay.stop().then(() => done.push('second'));
    await turns();
    expect(done).toEqual([]);
    acks[0]();
    await Promise.all([first, second]);
    expect(done).toEqual(['first', 'second']);
    expect(log).toEqual(['LISTEN', 'DELETE', 'UNLISTEN']);
  });

  it('a start that failed (the migration) can be tried again; a stopped relay cannot be started', async () => {
    const { db, listening } = fakeDatabase();
    listening.resolve();
    const { producer } = heldProducer();
    const relay = createOutboxRelay({ db, producer, cleanupIntervalMs: 0, migrate: true });
    await expect(relay.start()).rejects.toThrow('connection refused');
    await expect(relay.start()).rejects.toThrow('connection refused');
    await relay.stop();
    await expect(relay.start()).rejects.toThrow('Cannot start the outbox relay: it is stopped.');
  });
});

describe('LISTEN', () => {
  it('is tried again after it failed at start, so notifications wake the relay once the database is back', async () => {
    let claims = 0;
    let notify: (() => void) | undefined;
    let listenAttempts = 0;
    let unlistened = 0;
    const tx = {
      query: async (text: string) => {
        if (text === CLAIM_BATCH) claims++;
        return { rows: [], rowCount: 0 };
      },
    } as unknown as Transaction;
    const db = {
      driver: 'postgres',
      serialTransactions: false,
      transaction: (work: (tx: Transaction) => Promise<unknown>) => work(tx),
      listen: async (_channel: string, callback: () => void) => {
        if (++listenAttempts <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        notify = callback;
        return async () => void unlistened++;
      },
    } as unknown as Database;
    const events: RelayEvent[] = [];
    const relay = createOutboxRelay({
      db,
      producer: heldProducer().producer,
      pollIntervalMs: 2 ** 31 - 1, // only a notification can wake it
      cleanupIntervalMs: 0,
      concurrency: 1,
      backoff: { baseMs: 1, maxMs: 5 },
      onEvent: (event) => events.push(event),
    });
    await relay.start();
    await waitFor('LISTEN set up', () => notify !== undefined, 5_000);
    await waitFor('the relay idle', async () => (await turns(), claims >= 1), 5_000);
    const before = claims;
    notify!();
    await waitFor('a batch after the notification', () => claims > before, 5_000);
    await relay.stop();
    expect(events.filter((event) => event.type === 'listen-failed')).toHaveLength(2);
    expect(unlistened).toBe(1);
  });
});

describe('publish-failed', () => {
  it('reports as pending only the rows of a failed batch that were not published', async () => {
    const { db, marked } = databaseWithRows(['1', '2', '3', '4', '5']);
    const down = new Error('Connection error: ECONNREFUSED');
    const producer = {
      sendJson: async (_topic: unknown, event: { id: string }) => {
        if (event.id === '4') throw down;
      },
    } as unknown as EventProducer;
    const events: RelayEvent[] = [];
    const relay = createOutboxRelay({
      db,
      producer,
      listen: false,
      cleanupIntervalMs: 0,
      concurrency: 1,
      maxChunkEvents: 3,
      onEvent: (event) => events.push(event),
    });
    await relay.start();
    await turns(20);
    await relay.stop();
    expect(marked).toEqual(['{1,2,3,5}']);
    expect(events.find((event) => event.type === 'publish-failed')).toMatchObject({
      error: down,
      pending: 1,
    });
  });
});

describe('onEvent', () => {
  it('a listener that throws neither undoes the marks of published rows nor stops the relay', async () => {
    const { db, marked } = databaseWithRows(['1', '2']);
    const producer = { sendJson: async () => undefined } as unknown as EventProducer;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const relay = createOutboxRelay({
      db,
      producer,
      listen: false,
      cleanupIntervalMs: 0,
      concurrency: 1,
      pollIntervalMs: 5,
      onEvent: () => {
        throw new Error('metrics backend down');
      },
    });
    try {
      await relay.start();
      await waitFor('the batch marked', () => marked.length === 1, 5_000);
      // The loop is still alive: it keeps polling for rows after the listener threw.
      const before = claimsOf(db);
      await waitFor('another claim', () => claimsOf(db) > before, 5_000);
      expect(marked).toEqual(['{1,2}']);
      expect(warn).toHaveBeenCalledWith(
        '[outbox relay] the onEvent listener threw on a published event; ignored: metrics backend down',
      );
    } finally {
      await relay.stop();
      warn.mockRestore();
    }
  });
});
