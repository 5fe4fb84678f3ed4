import { deadLetterTopic, retryTopic } from '@platform/naming';
import type { TopicCatalog, TopicDefinition } from '../topics';
import { validateConsumedTopicName } from '../topics/consumed-topic-name';
import type { EventBatchHandler, EventHandler } from './event-consumer';
import { orderedModeFor } from './ordered-mode';

/** How to handle a message read from one topic (a catalog topic or one of its retry topics). */
export interface TopicRoute {
  topic: string;
  sourceTopic: string;
  definition: TopicDefinition;
  handler: EventHandler<unknown>;
  /** Only on the catalog topic's route (hop 0): retry topics are handled one message at a time. */
  handleBatch: EventBatchHandler<unknown> | undefined;
  ordered: boolean;
  /** 0 for the catalog topic, n for retry topic n. */
  hop: number;
  /** The source's retry topics, retry topic n at index n - 1; none in ordered mode. */
  retryTopics: readonly string[];
  deadLetterTopic: string;
}

/** What topic names depend on; a consumer's options fit, and so does a provisioning script's. */
export interface ConsumerTopology {
  service: string;
  catalog: TopicCatalog;
  subscriptions: readonly {
    topic: string;
    ordered?: boolean;
    handler?: unknown;
    handleBatch?: unknown;
  }[];
  retry: { retryTopicDelaysMs: readonly number[] };
}

/**
 * Checks each subscribed topic (the naming rule first, then the catalog) and derives its retry and
 * dead-letter topics through @platform/naming, so a bad name fails at startup with its rule.
 */
export function buildRoutes({
  service,
  catalog,
  subscriptions,
  retry,
}: ConsumerTopology): Map<string, TopicRoute> {
  if (!Array.isArray(subscriptions) || subscriptions.length === 0) {
    throw new RangeError(
      'Invalid subscriptions, expected at least one { topic, handler } received none',
    );
  }
  const routes = new Map<string, TopicRoute>();
  for (const subscription of subscriptions) {
    if (typeof subscription !== 'object' || subscription === null)
      throw new TypeError(
        `Invalid subscriptions, expected { topic, handler } objects received ${String(subscription)}`,
      );
    const sourceTopic = subscription.topic;
    validateConsumedTopicName(sourceTopic);
    const definition = catalog.get(sourceTopic);
    if (routes.has(sourceTopic))
      throw new RangeError(`Invalid subscriptions, topic "${sourceTopic}" is subscribed twice`);
    if (subscription.handler !== undefined && typeof subscription.handler !== 'function') {
      throw new TypeError(
        `Invalid handler for topic "${sourceTopic}", expected an async function received ${typeof subscription.handler}`,
      );
    }
    if (subscription.handleBatch !== undefined && typeof subscription.handleBatch !== 'function') {
      throw new TypeError(
        `Invalid handleBatch for topic "${sourceTopic}", expected an async function received ${typeof subscription.handleBatch}`,
      );
    }
    // Anything but true read as unordered: `ordered: 'true'` (an environment variable, say) got
    // retry topics, which let the key's later events overtake a failed one.
    if (subscription.ordered !== undefined && typeof subscription.ordered !== 'boolean') {
      throw new TypeError(
        `Invalid ordered for topic "${sourceTopic}", expected true or false received ${JSON.stringify(subscription.ordered)}`,
      );
    }
    // The subscription's own setting, else its service catalog's orderedTopics (see orderedModeFor).
    const ordered = orderedModeFor({
      service,
      catalog,
      topic: sourceTopic,
      ordered: subscription.ordered,
    });
    // Retry topics would let a key's later events overtake the failed one: ordered mode has none.
    const retryTopics = ordered
      ? []
      : retry.retryTopicDelaysMs.map((_, index) =>
          retryTopic({ source: sourceTopic, service, attempt: index + 1 }),
        );
    const common = {
      sourceTopic,
      definition,
      // The catalog topic's schema validates the payload before the handler sees it.
      handler: subscription.handler as EventHandler<unknown>,
      ordered,
      retryTopics,
      deadLetterTopic: deadLetterTopic({ source: sourceTopic, service }),
    };
    routes.set(sourceTopic, {
      ...common,
      topic: sourceTopic,
      hop: 0,
      handleBatch: subscription.handleBatch as EventBatchHandler<unknown> | undefined,
    });
    retryTopics.forEach((topic, index) =>
      routes.set(topic, { ...common, topic, hop: index + 1, handleBatch: undefined }),
    );
  }
  return routes;
}
