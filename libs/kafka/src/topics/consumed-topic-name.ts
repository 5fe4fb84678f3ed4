import { validateSagaTopicName, validateTopicName } from '@platform/naming';

/**
 * The naming rule of a topic a consumer reads: commands and replies (sagas) have their own rule,
 * everything else must be an event topic. Subscriptions and a catalog's orderedTopics both use it.
 */
export function validateConsumedTopicName(name: string): void {
  if (typeof name === 'string' && /\.(commands|replies)$/.test(name)) validateSagaTopicName(name);
  else validateTopicName(name);
}
