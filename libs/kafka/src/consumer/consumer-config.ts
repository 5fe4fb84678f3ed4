import { consumerGroupId } from '@platform/naming';
import type { TopicCatalog } from '../topics';
import type { BackoffOptions } from './backoff';
import type { AnyTopicSubscription, CommitPolicy, EventConsumerOptions } from './consumer-options';
import type { ConsumerEvent, ConsumerLogger } from './event-consumer';
import type { DefaultRetryOptions, OrderedRetryOptions } from './retry-policy';
import { retryTopicDelaysFor } from './retry-topic-delays';
import { MAX_TIMER_MS } from '../timers';
import { buildRoutes, type TopicRoute } from './subscriptions';

/** Options with every default filled in and every value checked; later steps read only this. */
export interface ConsumerConfig {
  service: string;
  groupId: string;
  catalog: TopicCatalog;
  subscriptions: readonly AnyTopicSubscription[];
  /** Every topic read (catalog topics and their retry topics) → how to handle its messages. */
  routes: ReadonlyMap<string, TopicRoute>;
  commit: CommitPolicy;
  partitionsConsumedConcurrently: number;
  retry: DefaultRetryOptions;
  ordered: OrderedRetryOptions;
  fromBeginning: boolean;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  maxBlockingWaitMs: number;
  shutdownTimeoutMs: number;
  logger: ConsumerLogger;
  onEvent: (event: ConsumerEvent) => void;
}

// A fetched batch can hold a partition's whole megabyte; committing per batch would let a crash
// redeliver all of it. A timer bounds redelivery by time instead, at one request per second.
export const DEFAULT_COMMIT_POLICY: CommitPolicy = { mode: 'interval', intervalMs: 1_000 };

/** Throws on the first invalid option, naming it; topic and service names fail with their naming rule. */
export function normalizeConsumerOptions(options: EventConsumerOptions): ConsumerConfig {
  const groupId = consumerGroupId(options.service);
  // Read below with `?.`: a misspelt key, or `ordered: true` where the ordered retry options go,
  // was silently the default.
  section('retry', options.retry, ['inPlaceAttempts', 'backoff', 'retryTopicDelaysMs']);
  section('ordered', options.ordered, ['attempts', 'backoff', 'onExhausted']);
  section('session', options.session, [
    'sessionTimeoutMs',
    'rebalanceTimeoutMs',
    'heartbeatIntervalMs',
    'maxWaitTimeMs',
    'maxBlockingWaitMs',
  ]);
  const retry: DefaultRetryOptions = {
    inPlaceAttempts: positiveInteger('retry.inPlaceAttempts', options.retry?.inPlaceAttempts ?? 3),
    backoff: backoff('retry.backoff', options.retry?.backoff, { baseMs: 200, maxMs: 5_000 }),
    // The options' delays, else the service catalog's, else the default (see retryTopicDelaysFor).
    retryTopicDelaysMs: delayList(retryTopicDelaysFor(options)).map((delay, index) =>
      nonNegativeInteger(`retry.retryTopicDelaysMs[${index}]`, delay),
    ),
  };
  const onExhausted = options.ordered?.onExhausted ?? 'dead-letter';
  if (onExhausted !== 'dead-letter' && onExhausted !== 'stop-partition') {
    throw new RangeError(
      `Invalid ordered.onExhausted, expected "dead-letter" or "stop-partition" received ${JSON.stringify(onExhausted)}`,
    );
  }
  const ordered: OrderedRetryOptions = {
    attempts: positiveInteger('ordered.attempts', options.ordered?.attempts ?? 10),
    backoff: backoff('ordered.backoff', options.ordered?.backoff, { baseMs: 500, maxMs: 30_000 }),
    onExhausted,
  };
  const sessionTimeoutMs = timerMs(
    'session.sessionTimeoutMs',
    options.session?.sessionTimeoutMs ?? 30_000,
  );
  const heartbeatIntervalMs = timerMs(
    'session.heartbeatIntervalMs',
    options.session?.heartbeatIntervalMs ?? 3_000,
  );
  if (heartbeatIntervalMs >= sessionTimeoutMs) {
    throw new RangeError(
      `Invalid session.heartbeatIntervalMs, expected less than sessionTimeoutMs (${sessionTimeoutMs}) received ${heartbeatIntervalMs}`,
    );
  }
  const maxWaitTimeMs = timerMs('session.maxWaitTimeMs', options.session?.maxWaitTimeMs ?? 500);
  if (!options.catalog)
    throw new TypeError('Invalid catalog, expected a TopicCatalog (defineCatalog) received none');
  const logger = options.logger ? guardedLogger(options.logger) : consoleLogger;
  const config: Omit<ConsumerConfig, 'routes'> = {
    service: options.service,
    groupId,
    catalog: options.catalog,
    subscriptions: options.subscriptions,
    commit: commitPolicy(options.commit ?? DEFAULT_COMMIT_POLICY),
    partitionsConsumedConcurrently: positiveInteger(
      'partitionsConsumedConcurrently',
      options.partitionsConsumedConcurrently ?? 4,
    ),
    retry,
    ordered,
    fromBeginning: options.fromBeginning ?? true,
    sessionTimeoutMs,
    rebalanceTimeoutMs: timerMs(
      'session.rebalanceTimeoutMs',
      options.session?.rebalanceTimeoutMs ?? 60_000,
    ),
    heartbeatIntervalMs,
    maxWaitTimeMs,
    maxBlockingWaitMs: nonNegativeInteger(
      'session.maxBlockingWaitMs',
      options.session?.maxBlockingWaitMs ?? maxWaitTimeMs,
    ),
    shutdownTimeoutMs: timerMs('shutdownTimeoutMs', options.shutdownTimeoutMs ?? 20_000),
    logger,
    onEvent: options.onEvent ? guardedListener(options.onEvent, logger) : () => undefined,
  };
  const routes = buildRoutes(config);
  // buildRoutes serves provisioning scripts too, whose subscriptions have no handlers; a consumer's
  // must. Without one, every message failed with a TypeError and went through every retry topic to
  // the dead-letter topic.
  for (const { topic, handler } of config.subscriptions) {
    if (typeof handler !== 'function')
      throw new TypeError(
        `Invalid handler for topic "${topic}", expected an async function received ${typeof handler}`,
      );
  }
  return { ...config, routes };
}

function delayList(delays: readonly number[]): readonly number[] {
  if (Array.isArray(delays)) return delays;
  throw new RangeError(
    `Invalid retry.retryTopicDelaysMs, expected an array of delays in ms ([] for no retry topics) received ${String(delays)}`,
  );
}

function commitPolicy(policy: CommitPolicy): CommitPolicy {
  switch (policy?.mode) {
    case 'message':
    case 'batch':
      return { mode: policy.mode };
    case 'interval':
      return {
        mode: 'interval',
        intervalMs: timerMs('commit.intervalMs', policy.intervalMs),
      };
    default:
      throw new RangeError(
        `Invalid commit policy, expected { mode: 'message' | 'batch' } or { mode: 'interval', intervalMs } received ${JSON.stringify(policy)}`,
      );
  }
}

/** An options object given or not; neither another value nor a key it does not know. */
function section(name: string, given: unknown, keys: readonly string[]): void {
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new RangeError(
      `Invalid ${name}, expected an object { ${keys.join(', ')} } (each optional) received ${String(given)}`,
    );
  }
  const unknown = Object.keys(given).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    throw new RangeError(
      `Invalid ${name}.${unknown}, an unknown option: expected one of ${keys.join(', ')}`,
    );
  }
}

function backoff(
  name: string,
  given: Partial<BackoffOptions> | undefined,
  defaults: BackoffOptions,
): BackoffOptions {
  section(name, given, ['baseMs', 'maxMs']);
  const baseMs = nonNegativeInteger(`${name}.baseMs`, given?.baseMs ?? defaults.baseMs);
  const maxMs = nonNegativeInteger(
    `${name}.maxMs`,
    given?.maxMs ?? Math.max(defaults.maxMs, baseMs),
  );
  if (maxMs < baseMs)
    throw new RangeError(
      `Invalid ${name}.maxMs, expected at least baseMs (${baseMs}) received ${maxMs}`,
    );
  return { baseMs, maxMs };
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new RangeError(`Invalid ${name}, expected an integer >= 1 received ${String(value)}`);
}

/** A duration Node waits for with a timer (or Kafka with an int32): longer ones fire after 1 ms. */
function timerMs(name: string, value: unknown): number {
  const ms = positiveInteger(name, value);
  if (ms <= MAX_TIMER_MS) return ms;
  throw new RangeError(
    `Invalid ${name}, expected at most ${MAX_TIMER_MS} (ms, Node's longest timer) received ${ms}`,
  );
}

function nonNegativeInteger(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new RangeError(`Invalid ${name}, expected an integer >= 0 received ${String(value)}`);
}

/**
 * Events are emitted on the failure path, outside any handler's try, often right after a record
 * was written to a retry or dead-letter topic: a listener that throws there failed the batch, so
 * the message was redelivered and forwarded again, on every restart. Its error is logged instead.
 */
function guardedListener(
  onEvent: (event: ConsumerEvent) => void,
  logger: ConsumerLogger,
): (event: ConsumerEvent) => void {
  return (event) => {
    try {
      onEvent(event);
    } catch (error) {
      try {
        logger.warn(`The onEvent listener threw on a ${event.type} event; ignored`, { error });
      } catch {
        // A logger that throws as well has nowhere left to report to.
      }
    }
  };
}

/**
 * The logger is called on the same failure paths (a dead letter just written, a forward that
 * failed): one that throws (a JSON.stringify of an error with a BigInt or a cycle, say) failed the
 * batch, and the message was forwarded again on every redelivery. Its own failure goes to stderr.
 */
function guardedLogger(logger: ConsumerLogger): ConsumerLogger {
  const guard =
    (level: keyof ConsumerLogger) =>
    (message: string, details?: Record<string, unknown>): void => {
      try {
        logger[level](message, details);
      } catch (error) {
        try {
          console.error(`[consumer] the logger threw on: ${message}`, error);
        } catch {
          // Nowhere left to report to.
        }
      }
    };
  return { info: guard('info'), warn: guard('warn'), error: guard('error') };
}

const consoleLogger: ConsumerLogger = {
  info: () => undefined,
  warn: (message, details) => console.warn(`[consumer] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[consumer] ${message}`, details ?? ''),
};
