import type { Database } from '@platform/database';
import type { BackoffOptions, EventProducer } from '@platform/kafka';
import {
  DEFAULT_MAX_BATCH_BYTES,
  DEFAULT_MAX_BATCH_EVENTS,
  errorMessage,
  MAX_TIMER_MS,
} from '@platform/kafka';
import { VIRTUAL_PARTITIONS } from '../schema/tables';
import type { RelayEvent } from './relay-events';

export interface OutboxRelayOptions {
  db: Database;
  /** The service's keyed producer (createEventProducer with the same catalog as the outbox). The relay does not disconnect it. */
  producer: EventProducer;
  /** Most rows per batch transaction (published in chunks of maxChunkEvents / maxChunkBytes). Default 1000. */
  batchSize?: number;
  /**
   * Rows per produce request: keep it within the producer's maxBatchEvents / maxBatchBytes so one
   * chunk is one request. Defaults: the producer's defaults (1000 events, 1 MiB). Row sizes are
   * estimated on the high side (stored payload, key, topic and tracing headers + 400 bytes), so
   * a chunk stays under the producer's own estimate of the same bound.
   */
  maxChunkEvents?: number;
  maxChunkBytes?: number;
  /** Virtual partitions one batch may claim (of 64). Fewer lets relays work side by side. Default 16. */
  partitionsPerBatch?: number;
  /**
   * Batch loops in this relay, each claiming its own partitions in its own transaction (one pooled
   * connection each while it works). Postgres only (PGlite runs one). Default 4: while one loop
   * waits for the broker the others read and mark, so the producer always has a batch queued.
   */
  concurrency?: number;
  /** How often an idle relay looks for rows when no notification woke it. Default 1000 ms. */
  pollIntervalMs?: number;
  /** LISTEN for the outbox trigger's notifications as a wake-up hint. Default true. */
  listen?: boolean;
  /**
   * What happens to a published row, in the batch's one statement: deleted (default), or marked
   * with published_at and kept for `retentionMs`. Delete is the default because the event is in
   * Kafka once acknowledged, and marking costs Postgres about twice as much per event (a new row
   * version with its index entries) and keeps a table of `rate × retention` rows (86 million a
   * day at 1,000 events/s). Mark when the table itself is your audit trail or replay source.
   */
  onPublished?: 'mark' | 'delete';
  /** With onPublished 'mark': how long published rows are kept (for audits and replays). Default 24 h. */
  retentionMs?: number;
  /**
   * How often the relay deletes marked rows past their retention; 0 = never (another process does
   * it). It runs whatever onPublished says, so rows a marking relay left are still cleaned up
   * after a switch to delete. Default 60 s.
   */
  cleanupIntervalMs?: number;
  /** Retry delays after a failed publish or statement. Default base 200 ms, max 10 s, full jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Apply the outbox migrations in start(). Default false. */
  migrate?: boolean;
  /** What happened, for metrics and logs. A listener that throws is reported on console.warn and ignored. */
  onEvent?: (event: RelayEvent) => void;
  /**
   * Test seam: runs after the broker acknowledged a batch and before the rows are marked. A fault
   * test pauses here and kills the process to prove a republish is harmless.
   */
  afterPublish?: (ids: readonly string[]) => Promise<void>;
}

/** Options with defaults filled in and values checked; the relay reads only this. */
export interface RelayConfig {
  db: Database;
  producer: EventProducer;
  batchSize: number;
  maxChunkEvents: number;
  maxChunkBytes: number;
  partitionsPerBatch: number;
  concurrency: number;
  pollIntervalMs: number;
  listen: boolean;
  onPublished: 'mark' | 'delete';
  retentionMs: number;
  cleanupIntervalMs: number;
  backoff: BackoffOptions;
  migrate: boolean;
  onEvent: (event: RelayEvent) => void;
  afterPublish?: (ids: readonly string[]) => Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

export function normalizeRelayOptions(options: OutboxRelayOptions): RelayConfig {
  if (!options?.db)
    throw new TypeError('Invalid relay options: expected a database (db), received none.');
  if (!options.producer)
    throw new TypeError(
      'Invalid relay options: expected an event producer (producer), received none.',
    );
  // Called from the batch loops: a bad value would end a loop at its first event.
  for (const name of ['onEvent', 'afterPublish'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && typeof value !== 'function')
      throw new TypeError(`Invalid ${name}, expected a function received ${typeof value}`);
  }
  const onPublished = options.onPublished ?? 'delete';
  if (onPublished !== 'mark' && onPublished !== 'delete') {
    throw new RangeError(
      `Invalid onPublished, expected "mark" or "delete" received ${JSON.stringify(onPublished)}`,
    );
  }
  const baseMs = delay('backoff.baseMs', options.backoff?.baseMs ?? 200, 1);
  const backoff = {
    baseMs,
    maxMs: delay('backoff.maxMs', options.backoff?.maxMs ?? Math.max(10_000, baseMs), baseMs),
  };
  return {
    db: options.db,
    producer: options.producer,
    batchSize: atMost('batchSize', whole('batchSize', options.batchSize ?? 1_000, 1), MAX_INT4),
    maxChunkEvents: whole('maxChunkEvents', options.maxChunkEvents ?? DEFAULT_MAX_BATCH_EVENTS, 1),
    maxChunkBytes: whole('maxChunkBytes', options.maxChunkBytes ?? DEFAULT_MAX_BATCH_BYTES, 1),
    partitionsPerBatch: Math.min(
      VIRTUAL_PARTITIONS,
      whole('partitionsPerBatch', options.partitionsPerBatch ?? 16, 1),
    ),
    // One connection, one transaction at a time: a second loop would only queue behind the first.
    concurrency: options.db.serialTransactions
      ? 1
      : whole('concurrency', options.concurrency ?? 4, 1),
    pollIntervalMs: delay('pollIntervalMs', options.pollIntervalMs ?? 1_000, 1),
    listen: options.listen ?? true,
    onPublished,
    retentionMs: whole('retentionMs', options.retentionMs ?? 24 * HOUR_MS, 0),
    cleanupIntervalMs: delay('cleanupIntervalMs', options.cleanupIntervalMs ?? 60_000, 0),
    backoff,
    migrate: options.migrate ?? false,
    onEvent: options.onEvent ? guardedListener(options.onEvent) : () => undefined,
    afterPublish: options.afterPublish,
  };
}

/**
 * The relay calls onEvent inside a batch transaction (published, poisoned) and in its loops' error
 * paths: a listener that threw there rolled back the marks of rows the broker had already
 * acknowledged, so they were published again, and then ended the loop for good, so the outbox
 * silently stopped draining. A metrics backend being down must not do that.
 */
function guardedListener(onEvent: (event: RelayEvent) => void): (event: RelayEvent) => void {
  return (event) => {
    try {
      onEvent(event);
    } catch (error) {
      console.warn(
        `[outbox relay] the onEvent listener threw on a ${event.type} event; ignored: ${errorMessage(error)}`,
      );
    }
  };
}

function whole(name: string, value: unknown, min: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
  throw new RangeError(
    `Invalid ${name}, expected a whole number >= ${min} received ${String(value)}`,
  );
}

/** The largest Postgres int, which the claim computes a batch's share per partition in. */
const MAX_INT4 = 2 ** 31 - 1;

/** A whole number of ms that a timer can wait. */
function delay(name: string, value: unknown, min: number): number {
  const ms = whole(name, value, min);
  if (ms <= MAX_TIMER_MS) return ms;
  throw new RangeError(
    `Invalid ${name}, expected at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer) received ${ms}`,
  );
}

function atMost(name: string, value: number, max: number): number {
  if (value <= max) return value;
  throw new RangeError(`Invalid ${name}, expected at most ${max} received ${value}`);
}
