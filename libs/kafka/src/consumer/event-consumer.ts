import type { EventEnvelope } from '../envelope';
import type { PartitionCommit } from './commit-tracker';
import type { FailureReason } from './retry-policy';

/** What a handler learns about the message besides the event. */
export interface EventContext {
  /** The topic the message was read from: the catalog topic or one of its retry topics. */
  readonly topic: string;
  /** The catalog topic the event was published to. */
  readonly sourceTopic: string;
  readonly partition: number;
  /** Offset in `topic`, a 64-bit integer as a decimal string. */
  readonly offset: string;
  /** 1 for the first try; counts in-place retries and retry topics alike. */
  readonly attempt: number;
  /** The record's headers as text (CloudEvents, tracing, retry bookkeeping). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Tells the group coordinator this member is alive. The consumer already heartbeats on a timer
   * while a handler runs; call it in long loops to learn early (it rejects) that the group is
   * rebalancing and this partition may be moving elsewhere.
   */
  heartbeat(): Promise<void>;
}

/**
 * Resolving means handled: the offset becomes committable. Rejecting with a NonRetriableError
 * dead-letters the message at once; any other error is retried (see retry-policy.ts).
 */
export type EventHandler<T = unknown> = (
  event: EventEnvelope<T>,
  context: EventContext,
) => Promise<void>;

/** One message of a batch: the decoded event and what a per-message handler would be given. */
export interface EventBatchItem<T = unknown> {
  readonly event: EventEnvelope<T>;
  readonly context: EventContext;
}

/**
 * Handles consecutive messages of one partition, in offset order, in one call: resolving means
 * every one is handled (all become committable). It must be all or nothing (one database
 * transaction, say): when it rejects, the subscription's `handler` handles each message again
 * alone, with the usual retries and dead-lettering.
 */
export type EventBatchHandler<T = unknown> = (items: readonly EventBatchItem<T>[]) => Promise<void>;

/** A manual-commit consumer for one service (one consumer group). */
export interface EventConsumer {
  /** Checks that every topic exists, joins the group and starts handling; resolves once joined. */
  start(): Promise<void>;
  /** Stops fetching, waits for in-flight handlers, commits what they finished, then leaves the group. */
  stop(): Promise<void>;
}

/** What happened, for metrics, logs and tests. A listener that throws is logged and ignored. */
export type ConsumerEvent =
  | { type: 'group-joined'; memberId: string; assignment: Record<string, number[]> }
  | { type: 'committed'; commits: PartitionCommit[] }
  /** Offsets finished before a rebalance that were not committed: their messages come again. */
  | { type: 'commit-failed'; commits: PartitionCommit[]; error: unknown }
  | {
      type: 'retry-scheduled';
      topic: string;
      partition: number;
      offset: string;
      attempt: number;
      delayMs: number;
      retryTopic?: string;
      error: unknown;
    }
  | {
      type: 'dead-lettered';
      topic: string;
      partition: number;
      offset: string;
      attempts: number;
      reason: FailureReason;
      deadLetterTopic: string;
      error: unknown;
    }
  | {
      type: 'partition-stopped';
      topic: string;
      partition: number;
      offset: string;
      attempts: number;
      error: unknown;
    }
  | {
      type: 'forward-failed';
      topic: string;
      partition: number;
      offset: string;
      target: string;
      error: unknown;
    }
  | {
      type: 'batch-failed';
      topic: string;
      partition: number;
      /** The first and last offset the batch handler was given; they are handled one by one now. */
      firstOffset: string;
      lastOffset: string;
      error: unknown;
    }
  | { type: 'crashed'; error: unknown; restarting: boolean };

/** Where the consumer reports problems; defaults to console.warn/console.error. */
export interface ConsumerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}
