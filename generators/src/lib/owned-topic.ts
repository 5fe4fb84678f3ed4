import { validateTopicName } from '@platform/naming';
import { GeneratorInputError } from './input-error';

/**
 * A topic a service is to own: `<entity>.<event>` is completed with the service's domain, a full
 * `<domain>.<entity>.<event>` must be in that domain (a service publishes only its own facts).
 */
export function resolveOwnedTopic(entry: string, domain: string, owner: string): string {
  const parts = entry.split('.');
  if (parts.length === 2) assertNotDomainAndEvent(entry, parts[0], parts[1], domain);
  const topic = parts.length === 2 ? `${domain}.${entry}` : entry;
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

/**
 * `billing.paid` for the billing service reads as `<domain>.<event>` with the entity left out; completed
 * as `<entity>.<event>` it would silently become `billing.billing.paid`. Refused, quoting what was typed.
 * (An entity named like its domain is still possible, written in full: `billing.billing.paid`.)
 */
function assertNotDomainAndEvent(entry: string, first: string, second: string, domain: string): void {
  if (first !== domain) return;
  // `invoice_paid` or `invoice-paid`: most likely the entity and the event run together.
  const joined = /^(.+)[-_]([^-_]+)$/.exec(second);
  const suggestion = joined ? `${domain}.${joined[1].replace(/_/g, '-')}.${joined[2]}` : `${domain}.<entity>.${second}`;
  throw new GeneratorInputError(
    `Topic "${entry}" starts with the domain "${domain}" but has no entity: did you mean ${suggestion}? ` +
      `The name is <entity>.<event> (the domain "${domain}" is put in front) or the full <domain>.<entity>.<event>; nothing was written.`,
    suggestion,
  );
}
