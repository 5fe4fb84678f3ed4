import type { MissingTopicsError } from '@platform/kafka';
import { parseDerivedTopic } from '@platform/naming';

/**
 * What an operator reads when a service stops at start-up because topics are missing: which ones,
 * and the commands that create them, in one paragraph. MissingTopicsError's own message is for the
 * library's users (it names consumerDerivedTopics and ensureConsumerTopics); a service's main.ts
 * prints this one instead, without a stack trace, as it prints ServiceConfigError.
 */
export function missingTopicsMessage(error: MissingTopicsError): string {
  const message =
    `Cannot start ${error.service}-service: missing topic(s) ${error.topics.join(', ')}. ` +
    'A service never creates the topics it reads or writes (auto-creation is off): create them ' +
    'from the repository root with `npm run topics -- apply`, KAFKA_BROKERS set to this cluster ' +
    "(every catalog's topics, and the retry and dead-letter topics of the topics the handlers " +
    'read; `npm run topics -- plan` shows the changes first), then start the service again.';
  // The switch creates only retry and dead-letter topics: named only when some of those are missing.
  const derived = error.topics.filter(isDerivedTopic);
  if (derived.length === 0) return message;
  const notOthers =
    derived.length < error.topics.length
      ? ', not the other topics (their owner declares them)'
      : '';
  return (
    `${message} In local development, KAFKA_CREATE_DERIVED_TOPICS=true lets the service create ` +
    `its own missing retry and dead-letter topics at start${notOthers}.`
  );
}

function isDerivedTopic(topic: string): boolean {
  try {
    parseDerivedTopic(topic);
    return true;
  } catch {
    return false;
  }
}
