import type { Database } from '@platform/database';
import type { EventProducer } from '@platform/kafka';
import { normalizeRelayOptions } from './relay-options';

const db = (serialTransactions: boolean) => ({ serialTransactions }) as Database;
const producer = {} as EventProducer;

describe('normalizeRelayOptions', () => {
  it('fills in the defaults', () => {
    expect(normalizeRelayOptions({ db: db(false), producer })).toMatchObject({
      batchSize: 1000,
      maxChunkEvents: 1000,
      maxChunkBytes: 1024 * 1024,
      partitionsPerBatch: 16,
      concurrency: 4,
      pollIntervalMs: 1000,
      listen: true,
      onPublished: 'delete',
      retentionMs: 24 * 60 * 60 * 1000,
      cleanupIntervalMs: 60_000,
      backoff: { baseMs: 200, maxMs: 10_000 },
      migrate: false,
    });
  });

  it('runs one loop on a database with serial transactions, and caps partitions at 64', () => {
    expect(
      normalizeRelayOptions({ db: db(true), producer, concurrency: 4, partitionsPerBatch: 100 }),
    ).toMatchObject({ concurrency: 1, partitionsPerBatch: 64 });
  });

  it('refuses bad values with the option name', () => {
    expect(() => normalizeRelayOptions({ db: db(false), producer, batchSize: 0 })).toThrow(
      'Invalid batchSize, expected a whole number >= 1 received 0',
    );
    expect(() =>
      normalizeRelayOptions({ db: db(false), producer, backoff: { baseMs: 500, maxMs: 100 } }),
    ).toThrow('Invalid backoff.maxMs, expected a whole number >= 500 received 100');
    // Node runs a timer longer than 2^31 - 1 ms after 1 ms: a relay would poll, clean up or retry in a busy loop.
    for (const tooLong of [
      { pollIntervalMs: 2 ** 31 },
      { cleanupIntervalMs: 30 * 24 * 60 * 60 * 1000 },
      { backoff: { maxMs: 2 ** 31 } },
      { backoff: { baseMs: 2 ** 32 } },
    ]) {
      expect(() => normalizeRelayOptions({ db: db(false), producer, ...tooLong })).toThrow(
        /^Invalid (pollIntervalMs|cleanupIntervalMs|backoff\.maxMs|backoff\.baseMs), expected at most 2147483647 ms/,
      );
    }
    expect(
      normalizeRelayOptions({
        db: db(false),
        producer,
        pollIntervalMs: 2 ** 31 - 1,
        cleanupIntervalMs: 2 ** 31 - 1,
        backoff: { baseMs: 2 ** 31 - 1 },
      }),
    ).toMatchObject({
      pollIntervalMs: 2 ** 31 - 1,
      cleanupIntervalMs: 2 ** 31 - 1,
      backoff: { baseMs: 2 ** 31 - 1, maxMs: 2 ** 31 - 1 },
    });
    expect(() =>
      normalizeRelayOptions({ db: db(false), producer, onPublished: 'archive' as never }),
    ).toThrow('Invalid onPublished');
    // The claim computes each partition's share of a batch as a Postgres int: every batch would fail.
    expect(() =>
      normalizeRelayOptions({ db: db(false), producer, batchSize: Number.MAX_SAFE_INTEGER }),
    ).toThrow(`Invalid batchSize, expected at most 2147483647 received ${Number.MAX_SAFE_INTEGER}`);
    expect(() =>
      normalizeRelayOptions({ db: db(false), producer, onEvent: console as never }),
    ).toThrow('Invalid onEvent, expected a function received object');
    expect(() =>
      normalizeRelayOptions({ db: db(false), producer, afterPublish: true as never }),
    ).toThrow('Invalid afterPublish, expected a function received boolean');
    expect(() => normalizeRelayOptions({ db: undefined as never, producer })).toThrow(
      'expected a database (db)',
    );
    expect(() => normalizeRelayOptions({ db: db(false), producer: undefined as never })).toThrow(
      'expected an event producer (producer)',
    );
  });
});
