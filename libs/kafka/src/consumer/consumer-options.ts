import type { TopicCatalog } from '../topics';
import type { BackoffOptions } from './backoff';
import type {
  ConsumerEvent,
  ConsumerLogger,
  EventBatchHandler,
  EventHandler,
} from './event-consumer';
import type { OrderedExhaustedAction } from './retry-policy';

export interface TopicSubscription<T = unknown> {
  /** A catalog topic; its retry and dead-letter topics are derived from it and the service. */
  topic: string;
  handler: EventHandler<T>;
  /**
   * Optional: handles the consecutive messages of a fetched partition batch in one call (fewer
   * transactions under load). Used for first deliveries on the catalog topic; retry-topic
   * messages, retries and the messages of a failed batch go to `handler`, one at a time.
   */
  handleBatch?: EventBatchHandler<T>;
  /**
   * Per-key order over availability: failures are retried in place, blocking the partition,
   * and never go through retry topics (see the README's "Ordered mode"). Default: whether the
   * service's catalog lists the topic in orderedTopics (which `npm run topics -- apply` reads, so
   * it plans no retry topics for it), else false. Given here and in the catalog, they must agree.
   */
  ordered?: boolean;
}

/** A subscription of any payload type (a handler of T is accepted where a handler of never is). */
export type AnyTopicSubscription = TopicSubscription<never>;

/**
 * When finished offsets are committed. Every mode also commits on rebalance and on shutdown.
 * - message: one commit per handled message (least redelivery after a crash, slowest);
 * - batch: once per fetched batch of a partition;
 * - interval: at most every `intervalMs` (and on a timer while idle).
 */
export type CommitPolicy =
  | { mode: 'message' }
  | { mode: 'batch' }
  | { mode: 'interval'; intervalMs: number };

export interface RetryOptions {
  /** Tries per delivery before moving on to the next retry topic; 1 = no in-place retry. Default 3. */
  inPlaceAttempts?: number;
  /** In-place backoff; default base 200 ms, max 5 s. */
  backoff?: Partial<BackoffOptions>;
  /**
   * One retry topic per delay; [] = dead-letter after in-place retries. Default: the delays the
   * service's catalog declares (defineCatalog's retryTopicDelaysMs, which `npm run topics -- apply`
   * provisions), else [10 s, 1 min, 10 min]. Given here and in the catalog, they must be equal.
   */
  retryTopicDelaysMs?: readonly number[];
}

export interface OrderedOptions {
  /** Tries before `onExhausted`; default 10. */
  attempts?: number;
  /** Default base 500 ms, max 30 s. */
  backoff?: Partial<BackoffOptions>;
  /** Default 'dead-letter': a gap in one key's history rather than a stalled partition. */
  onExhausted?: OrderedExhaustedAction;
}

export interface SessionOptions {
  /** Default 30 s; the broker must allow it (group.min/max.session.timeout.ms). */
  sessionTimeoutMs?: number;
  /** How long the group waits for members to rejoin; in-flight handlers must finish within it. Default 60 s. */
  rebalanceTimeoutMs?: number;
  /** Default 3 s; must be below the session timeout (a third of it is usual). */
  heartbeatIntervalMs?: number;
  /** Fetch long-poll; default 500 ms (Kafka's Java default) rather than kafkajs' 5 s. */
  maxWaitTimeMs?: number;
  /**
   * Waits up to this long (a backoff, a retry message's due time) sleep in the batch with
   * heartbeats; longer ones pause the partition and let the fetch loop serve the others.
   * Default: maxWaitTimeMs, since a fetch round may block that long anyway.
   */
  maxBlockingWaitMs?: number;
}

export interface EventConsumerOptions {
  /** The consuming service: consumer group id and part of every retry/dead-letter topic name. */
  service: string;
  /** Topics this service may consume, with their payload schemas. */
  catalog: TopicCatalog;
  subscriptions: readonly AnyTopicSubscription[];
  /** Default { mode: 'interval', intervalMs: 1000 }. */
  commit?: CommitPolicy;
  /** Partitions handled at the same time, each strictly in order. Default 4. */
  partitionsConsumedConcurrently?: number;
  retry?: RetryOptions;
  ordered?: OrderedOptions;
  /** Where a new group starts: earliest (default), so nothing published before the first deploy is skipped. */
  fromBeginning?: boolean;
  session?: SessionOptions;
  /**
   * Create this consumer's missing retry and dead-letter topics at start (shaped like their source
   * topics, see consumerDerivedTopics) instead of refusing to start. For local development; in
   * production provision them explicitly. The source topics must exist either way: they belong to
   * their owner's catalog. Default false.
   */
  createDerivedTopics?: boolean;
  /**
   * How long stop() waits for the handlers in flight. After it, stop() leaves them behind: their
   * messages stay uncommitted, the member stops heartbeating and the group hands their partitions
   * to another member once the session times out. Default 20 s, inside Kubernetes' 30 s grace
   * period with time left to flush the producer.
   */
  shutdownTimeoutMs?: number;
  logger?: ConsumerLogger;
  onEvent?: (event: ConsumerEvent) => void;
}
