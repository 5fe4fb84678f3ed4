import { validateTopicName } from '@platform/naming';
import { GeneratorInputError } from './input-error';

/**
 * A topic a service is to own: `<entity>.<event>` is completed with the service's domain, a full
 * `<domain>.<entity>.<event>` must be in that domain (a service publishes only its own facts).
 */
export function resolveOwnedTopic(entry: string, domain: string, owner: string): string {
  const topic = entry.split('.').length === 2 ? `${domain}.${entry}` : entry;
  validateTopicName(topic);
  const [topicDomain, entity, event] = topic.split('.');
  if (topicDomain !== domain) {
    throw new GeneratorInputError(
      `Topic "${topic}" is in domain "${topicDomain}", but ${owner} owns domain "${domain}": a service declares only its own domain's topics (to handle "${topic}", consume it instead).`,
      `${domain}.${entity}.${event}`,
    );
  }
  return topic;
}
