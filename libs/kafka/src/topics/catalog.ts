import { MAX_RETRY_ATTEMPT, NamingError, validateSagaTopicName, validateServiceName, validateTopicName } from '@platform/naming';
import type { ZodType } from 'zod';
import { UnknownTopicError } from '../errors';
import { validateConsumedTopicName } from './consumed-topic-name';
import { type CleanupPolicy, TOPIC_PRESETS, type TopicRole } from './presets';

/** One topic a service owns: its name, shape on the cluster, key and payload schema. */
export interface TopicDefinition<T = unknown> {
  name: string;
  role: TopicRole;
  partitions: number;
  /** undefined = replicationFactorFor(brokers) when the plan is applied. */
  replicationFactor?: number;
  /** undefined = minInSyncReplicasFor(replicationFactor). */
  minInSyncReplicas?: number;
  cleanupPolicy: CleanupPolicy;
  retentionMs?: number;
  /**
   * The topic's max.message.bytes: the largest record batch it accepts. undefined = the broker's
   * message.max.bytes (1 MiB + 12 bytes by default). The consumer's retry and dead-letter topics
   * get this plus the room their headers need (consumerDerivedTopics).
   */
  maxMessageBytes?: number;
  /** What the key is, in words ("order id"): every event on the topic is keyed by it. */
  key: string;
  schema: ZodType<T>;
  description?: string;
  /** Expected peak messages per second and average size, for the storage estimate in the plan. */
  expected?: { messagesPerSecond: number; averageMessageBytes: number };
}

export type TopicOptions<T> = Omit<TopicDefinition<T>, 'role' | 'cleanupPolicy'> & {
  role?: TopicRole;
  cleanupPolicy?: CleanupPolicy;
};

/** Declares a topic; the name is checked by @platform/naming and the role's preset fills the gaps. */
export function defineTopic<T>(options: TopicOptions<T>): TopicDefinition<T> {
  const role = options.role ?? 'events';
  if (role === 'commands' || role === 'replies') validateSagaTopicName(options.name);
  else validateTopicName(options.name);
  assertCount(options.name, 'partitions', options.partitions);
  // Optional, but when given a count: 0 or 2.5 would otherwise surface far away, in the plan or at the broker.
  if (options.replicationFactor !== undefined) assertCount(options.name, 'replicationFactor', options.replicationFactor);
  if (options.minInSyncReplicas !== undefined) assertCount(options.name, 'minInSyncReplicas', options.minInSyncReplicas);
  // Kafka would accept 0, and then refuse every record of the topic and of its retry topics.
  if (options.maxMessageBytes !== undefined) assertCount(options.name, 'maxMessageBytes', options.maxMessageBytes);
  const preset = TOPIC_PRESETS[role];
  // `??`, not the spread alone: options spread from elsewhere may carry the key with undefined.
  return { ...preset, ...options, role, cleanupPolicy: options.cleanupPolicy ?? preset.cleanupPolicy, retentionMs: options.retentionMs ?? preset.retentionMs };
}

function assertCount(topic: string, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`Invalid ${field} for topic "${topic}": expected a whole number >= 1, received ${value}`);
  }
}

/** The topics one service owns. Producers and consumers only accept topics found in a catalog. */
export interface TopicCatalog {
  service: string;
  topics: readonly TopicDefinition[];
  /**
   * The delays of this service's consumer's retry topics, one topic each, when declared: the
   * consumer uses them unless its own retry.retryTopicDelaysMs is given (then they must be equal),
   * and `npm run topics -- apply` provisions exactly those retry topics. Omitted: the default.
   */
  retryTopicDelaysMs?: readonly number[];
  /**
   * The topics this service's consumer reads in ordered mode (blocking in-place retries, no retry
   * topics), when declared: any topic it consumes, its own or another service's. Declared, it
   * decides for every subscription (a subscription's own `ordered` must agree), and
   * `npm run topics -- apply` plans no retry topics for these. Omitted: unordered unless a
   * subscription says otherwise.
   */
  orderedTopics?: readonly string[];
  get(name: string): TopicDefinition;
  has(name: string): boolean;
}

export interface CatalogOptions {
  service: string;
  topics: readonly TopicDefinition[];
  /** Whole milliseconds >= 0, at most MAX_RETRY_ATTEMPT of them; [] = no retry topics (see TopicCatalog). */
  retryTopicDelaysMs?: readonly number[];
  /** Consumed topic names, each once; [] = no ordered subscription (see TopicCatalog). */
  orderedTopics?: readonly string[];
}

export function defineCatalog(options: CatalogOptions): TopicCatalog {
  validateServiceName(options.service);
  const retryTopicDelaysMs = validRetryTopicDelays(options.service, options.retryTopicDelaysMs);
  const orderedTopics = validOrderedTopics(options.service, options.orderedTopics);
  const byName = new Map<string, TopicDefinition>();
  for (const topic of options.topics) {
    if (byName.has(topic.name)) throw new Error(`Topic "${topic.name}" is declared twice in the ${options.service} catalog.`);
    byName.set(topic.name, topic);
  }
  return {
    service: options.service,
    topics: [...options.topics],
    ...(retryTopicDelaysMs && { retryTopicDelaysMs }),
    ...(orderedTopics && { orderedTopics }),
    has: (name) => byName.has(name),
    get: (name) => {
      const topic = byName.get(name);
      if (!topic) throw new UnknownTopicError(name, [...byName.keys()]);
      return topic;
    },
  };
}

/**
 * Several services' catalogs seen as one, e.g. a consumer of another service's topics. It keeps the
 * retry topic delays and ordered topics of the catalog of `service` (the consumer's own); the
 * others' are their consumers'.
 */
export function mergeCatalogs(service: string, catalogs: readonly TopicCatalog[]): TopicCatalog {
  // The same catalog listed twice adds nothing; two declaring one topic is the mistake to name.
  const unique = [...new Set(catalogs)];
  assertOneOwnerPerTopic(unique);
  const own = unique.filter((catalog) => catalog.service === service);
  const retryTopicDelaysMs = ownSetting(service, 'retryTopicDelaysMs', own.map((c) => c.retryTopicDelaysMs), (delays) => delays.join(', '));
  // A set of topics: the same ones in another order are the same setting.
  const orderedTopics = ownSetting(service, 'orderedTopics', own.map((c) => c.orderedTopics), (topics) => [...topics].sort().join(', '));
  return defineCatalog({ service, topics: unique.flatMap((catalog) => catalog.topics), retryTopicDelaysMs, orderedTopics });
}

/** Without it defineCatalog would say the topic is declared twice in the merged (the consumer's) catalog. */
function assertOneOwnerPerTopic(catalogs: readonly TopicCatalog[]): void {
  const owners = new Map<string, string>();
  for (const catalog of catalogs) {
    for (const topic of catalog.topics) {
      const other = owners.get(topic.name);
      if (other !== undefined && other !== catalog.service) {
        throw new Error(`Topic "${topic.name}" is declared by both the ${other} and the ${catalog.service} catalog: a topic has one owning service.`);
      }
      owners.set(topic.name, catalog.service);
    }
  }
}

/** The one value a setting has among a service's own catalogs (undefined: none declares it); two different ones are an error. */
function ownSetting<T>(service: string, name: string, values: readonly (T | undefined)[], show: (value: T) => string): T | undefined {
  const declared = values.filter((value): value is T => value !== undefined);
  for (const other of declared.slice(1)) {
    if (show(other) !== show(declared[0])) {
      throw new Error(`Conflicting ${name} for ${service}: [${show(declared[0])}] and [${show(other)}]. Declare them once, in the ${service} catalog.`);
    }
  }
  return declared[0];
}

function validOrderedTopics(service: string, topics: unknown): readonly string[] | undefined {
  if (topics === undefined) return undefined;
  const example = "(e.g. orderedTopics: ['orders.order.created'], or [] for none)";
  if (!Array.isArray(topics)) {
    throw new TypeError(`Invalid orderedTopics in the ${service} catalog: expected an array of topic names ${example}, received ${JSON.stringify(topics)}`);
  }
  const seen = new Set<string>();
  for (const topic of topics) {
    try {
      validateConsumedTopicName(topic);
    } catch (error) {
      if (!(error instanceof NamingError)) throw error;
      // Same rule and example, said against the catalog entry so the fix is easy to find.
      throw new NamingError({
        subject: `topic name in the ${service} catalog's orderedTopics`,
        value: topic,
        rule: error.rule,
        detail: error.detail,
        example: error.example,
      });
    }
    if (seen.has(topic)) {
      throw new RangeError(`Topic "${topic}" is listed twice in the ${service} catalog's orderedTopics: list each ordered topic once.`);
    }
    seen.add(topic);
  }
  return Object.freeze([...topics]);
}

function validRetryTopicDelays(service: string, delays: unknown): readonly number[] | undefined {
  if (delays === undefined) return undefined;
  const valid =
    Array.isArray(delays) &&
    delays.length <= MAX_RETRY_ATTEMPT &&
    delays.every((delay) => typeof delay === 'number' && Number.isInteger(delay) && delay >= 0);
  if (!valid) {
    const received = Array.isArray(delays) && delays.length > MAX_RETRY_ATTEMPT ? `${delays.length} delays` : JSON.stringify(delays);
    throw new RangeError(
      `Invalid retryTopicDelaysMs in the ${service} catalog: expected at most ${MAX_RETRY_ATTEMPT} whole milliseconds >= 0, ` +
        `one retry topic each (e.g. retryTopicDelaysMs: [1_000, 10_000, 60_000], or [] for none), received ${received}`,
    );
  }
  // A retry topic deletes what it holds after its retention: a message waiting longer is lost, not retried.
  const { retentionMs } = TOPIC_PRESETS.retry;
  const tooLong = delays.find((delay) => retentionMs !== undefined && delay >= retentionMs);
  if (tooLong !== undefined && retentionMs !== undefined) {
    throw new RangeError(
      `Invalid retryTopicDelaysMs in the ${service} catalog: ${tooLong} ms is not below the retry topics' retention (${retentionMs} ms), ` +
        `so a message would be deleted before its retry. Keep each delay below ${retentionMs / 86_400_000} days.`,
    );
  }
  return Object.freeze([...delays]);
}
