import { type Database, Mutex, type Transaction, type Unlisten } from '@platform/database';
import { backoffDelay } from '@platform/kafka';
import { migrateOutbox } from '../schema/migrations';
import { OUTBOX_CHANNEL } from '../schema/tables';
import { deletePublishedOutboxRows } from './cleanup';
import { type OutboxStats, outboxStats } from './outbox-stats';
import type { OutboxRow } from './outbox-row';
import { type PublishOutcome, publishRows } from './publish-rows';
import { RateMeter } from './rate-meter';
import { normalizeRelayOptions, type OutboxRelayOptions, type RelayConfig } from './relay-options';
import {
  CLAIM_BATCH,
  DELETE_PUBLISHED,
  MARK_FAILED,
  MARK_PUBLISHED,
  SELECT_BATCH,
} from './relay-sql';
import { shuffledPartitions } from './shuffled-partitions';
import { WakeSignal } from './wake-signal';

/** Publishes committed outbox rows through the keyed producer. Several may run at once, in one process or many. */
export interface OutboxRelay {
  /**
   * Migrates when asked, subscribes to wake-ups and starts the batch loops. Does not wait for the
   * broker. A start that failed (the migration) may be tried again; a stopped relay stays stopped.
   */
  start(): Promise<void>;
  /**
   * Lets the batches in flight finish (publish and mark), then stops; called during start, it
   * waits for the start and undoes it. Every call resolves once the relay stopped. Does not
   * disconnect the producer.
   */
  stop(): Promise<void>;
  /** Makes an idle relay look for rows now. */
  wake(): void;
  /** Backlog, age of the oldest unpublished row and failed rows (from the database); publish counters of this relay. */
  metrics(): Promise<RelayMetrics>;
}

export interface RelayMetrics extends OutboxStats {
  /** Rows this relay published since it started (acknowledged by the broker). */
  published: number;
  /** Rows per second this relay published over the last minute. */
  publishRatePerSecond: number;
  /** Failed batches in a row (0 while publishing works). */
  consecutiveFailures: number;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  return new PollingOutboxRelay(normalizeRelayOptions(options));
}

interface BatchResult {
  rows: number;
  /** Rows of the batch neither published nor set aside: what a failed batch left behind. */
  pending?: number;
  failure?: unknown;
}

type State = 'new' | 'running' | 'stopping' | 'stopped';

/** On PGlite a batch takes at most this many rows of one partition, then moves on to the next. */
const SERIAL_PER_PARTITION = 64;

/** Relays of one process that share a single-connection database take turns (see runSerialBatch). */
const serialRelayLocks = new WeakMap<Database, Mutex>();

/**
 * How per-aggregate order survives several relays: all rows of an aggregate share a virtual
 * partition (a hash of aggregateid). A batch transaction try-locks some partitions
 * (pg_try_advisory_xact_lock), reads their oldest pending rows in seq order, publishes them and
 * marks them before it commits, which is when the locks go. So at any moment one transaction owns
 * a partition, and a later row of an aggregate is never published before an earlier one was
 * marked. A failed batch rolls back or marks only what was acknowledged; the next owner starts
 * again at the oldest pending row. There is no "published up to seq N" cursor: a row that commits
 * late is simply pending until some batch picks it up.
 */
class PollingOutboxRelay implements OutboxRelay {
  private state: State = 'new';
  private readonly wakeSignal = new WakeSignal();
  private readonly stopping = new AbortController();
  private readonly rate = new RateMeter();
  private loops: Promise<void>[] = [];
  private unlisten: Unlisten | undefined;
  private cleanupTimer: NodeJS.Timeout | undefined;
  private cleanupRunning: Promise<void> | undefined;
  private consecutiveFailures = 0;
  private starting: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private subscribing: Promise<void> | undefined;
  private listenRetry: NodeJS.Timeout | undefined;
  private listenFailures = 0;

  constructor(private readonly config: RelayConfig) {}

  async start(): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`Cannot start the outbox relay: it is ${this.state}.`);
    this.state = 'running';
    this.starting = this.begin();
    try {
      await this.starting;
    } catch (error) {
      // Nothing runs yet (the migration failed): the caller may try again, unless it stopped us.
      if (this.state === 'running') this.state = 'new';
      throw error;
    }
  }

  /** The steps of start; each await may see a stop() arrive, and then nothing more is started. */
  private async begin(): Promise<void> {
    const { db } = this.config;
    if (this.config.migrate) await migrateOutbox(db);
    if (this.config.listen && this.state === 'running') await (this.subscribing = this.subscribe());
    if (this.state !== 'running') return;
    this.loops = Array.from({ length: this.config.concurrency }, () => this.loop());
    if (this.config.cleanupIntervalMs > 0) {
      this.cleanupTimer = setInterval(() => this.cleanup(), this.config.cleanupIntervalMs);
      this.cleanupTimer.unref();
    }
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    if (this.state === 'new') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.stopping.abort();
    // A start still migrating or subscribing finishes first, so what it set up is undone below.
    await this.starting?.catch(() => undefined);
    clearTimeout(this.listenRetry);
    await this.subscribing;
    clearInterval(this.cleanupTimer);
    await Promise.all(this.loops);
    await this.cleanupRunning;
    await this.unlisten?.().catch(() => undefined);
    this.state = 'stopped';
  }

  wake(): void {
    this.wakeSignal.wake();
  }

  /**
   * LISTEN for the outbox's notifications. When it fails (the database is down as the relay
   * starts) the loops poll meanwhile, and LISTEN is tried again with backoff until it works or the
   * relay stops: a relay must not poll for the rest of its life because of a failure at start.
   */
  private async subscribe(): Promise<void> {
    const { db, onEvent } = this.config;
    try {
      this.unlisten = await db.listen(OUTBOX_CHANNEL, () => this.wakeSignal.wake());
      this.listenFailures = 0;
    } catch (error) {
      onEvent({ type: 'listen-failed', error });
      if (this.state !== 'running') return;
      const retryInMs = backoffDelay(++this.listenFailures, this.config.backoff);
      this.listenRetry = setTimeout(() => {
        this.listenRetry = undefined;
        if (this.state === 'running') this.subscribing = this.subscribe();
      }, retryInMs);
      this.listenRetry.unref();
    }
  }

  async metrics(): Promise<RelayMetrics> {
    return {
      ...(await outboxStats(this.config.db)),
      published: this.rate.count,
      publishRatePerSecond: this.rate.perSecond(),
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  private async loop(): Promise<void> {
    const { onEvent, pollIntervalMs } = this.config;
    while (this.state === 'running') {
      let result: BatchResult;
      try {
        result = await (this.config.db.serialTransactions
          ? this.runSerialBatch()
          : this.runBatch());
      } catch (error) {
        const retryInMs = this.nextDelay();
        onEvent({ type: 'database-failed', error, retryInMs });
        await this.pause(retryInMs);
        continue;
      }
      if (result.failure !== undefined) {
        // The broker is down or slow: the rows stay pending. Notifications must not cut this wait
        // short, or every insert during an outage would trigger another doomed attempt.
        const retryInMs = this.nextDelay();
        onEvent({
          type: 'publish-failed',
          error: result.failure,
          pending: result.pending ?? result.rows,
          retryInMs,
        });
        await this.pause(retryInMs);
        continue;
      }
      this.consecutiveFailures = 0;
      // A batch with rows may have left more behind: go again at once, and a full one brings in a
      // sleeping loop to share the backlog. An empty one waits for a hint.
      if (result.rows >= this.config.batchSize) this.wakeSignal.wake();
      if (result.rows === 0) await this.wakeSignal.sleep(pollIntervalMs, this.stopping.signal);
    }
  }

  /** Postgres: claim partitions and read, publish, mark in ONE transaction; its locks make it the partitions' only publisher. */
  private runBatch(): Promise<BatchResult> {
    const { db, batchSize, partitionsPerBatch } = this.config;
    return db.transaction(async (tx) => {
      const { rows } = await tx.query<OutboxRow & Record<string, unknown>>(CLAIM_BATCH, [
        shuffledPartitions(),
        partitionsPerBatch,
        batchSize,
      ]);
      if (rows.length === 0) return { rows: 0 };
      const outcome = await this.publish(rows);
      await this.settle(tx, outcome);
      return { rows: rows.length, pending: pendingAfter(rows, outcome), failure: outcome.failure };
    });
  }

  /**
   * PGlite: one connection, so a transaction held open while the broker answers would stall every
   * writer. Read, publish and mark run as separate steps instead, and the relays of this process
   * (the only one that can open the folder) take turns on an in-process lock.
   */
  private runSerialBatch(): Promise<BatchResult> {
    const { db, batchSize } = this.config;
    let lock = serialRelayLocks.get(db);
    if (!lock) serialRelayLocks.set(db, (lock = new Mutex()));
    return lock.run(async () => {
      // No claim needed (no other process can be here): every partition, in random order, so none waits long.
      const { rows } = await db.query<OutboxRow & Record<string, unknown>>(SELECT_BATCH, [
        shuffledPartitions(),
        SERIAL_PER_PARTITION,
        batchSize,
      ]);
      if (rows.length === 0) return { rows: 0 };
      const outcome = await this.publish(rows);
      await db.transaction((tx) => this.settle(tx, outcome));
      return { rows: rows.length, pending: pendingAfter(rows, outcome), failure: outcome.failure };
    });
  }

  private async publish(rows: readonly OutboxRow[]): Promise<PublishOutcome> {
    const { producer, maxChunkEvents, maxChunkBytes, onEvent, afterPublish } = this.config;
    const started = performance.now();
    const outcome = await publishRows(producer, rows, { maxChunkEvents, maxChunkBytes });
    for (const { id, topic, error } of outcome.poisoned)
      onEvent({ type: 'poisoned', id, topic, error });
    if (outcome.published.length > 0) {
      this.rate.record(outcome.published.length);
      onEvent({
        type: 'published',
        ids: outcome.published,
        durationMs: performance.now() - started,
      });
      await afterPublish?.(outcome.published);
    }
    return outcome;
  }

  /** One statement for the acknowledged rows (mark or delete), one for the poisoned ones. */
  private async settle(tx: Transaction, outcome: PublishOutcome): Promise<void> {
    if (outcome.published.length > 0) {
      await tx.query(this.config.onPublished === 'delete' ? DELETE_PUBLISHED : MARK_PUBLISHED, [
        uuidArrayLiteral(outcome.published),
      ]);
    }
    if (outcome.poisoned.length > 0) {
      await tx.query(MARK_FAILED, [
        outcome.poisoned.map((p) => p.id),
        outcome.poisoned.map((p) => describe(p.error)),
      ]);
    }
  }

  private cleanup(): void {
    if (this.state !== 'running' || this.cleanupRunning) return;
    const { db, retentionMs, onEvent } = this.config;
    this.cleanupRunning = deletePublishedOutboxRows(db, retentionMs)
      .then((deleted) => {
        if (deleted > 0) onEvent({ type: 'cleaned', deleted });
      })
      .catch((error: unknown) =>
        onEvent({ type: 'database-failed', error, retryInMs: this.config.cleanupIntervalMs }),
      )
      .finally(() => (this.cleanupRunning = undefined));
  }

  private nextDelay(): number {
    return backoffDelay(++this.consecutiveFailures, this.config.backoff);
  }

  /** Waits `ms`, or less if the relay is stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

function pendingAfter(rows: readonly OutboxRow[], outcome: PublishOutcome): number {
  return rows.length - outcome.published.length - outcome.poisoned.length;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * `{id,id,...}` for a `$1::uuid[]` parameter. pg would quote and escape each of a JS array's
 * elements (~3 µs a row in profiles); ids read from a uuid column need neither.
 */
function uuidArrayLiteral(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
