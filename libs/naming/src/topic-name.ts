import { type Failure, NamingError, requireStringParts } from './errors';
import { baseTopicFailure, baseTopicPartsFailure } from './topic-rules';

export const TOPIC_NAME_EXAMPLE = 'orders.order.created';

export interface TopicNameParts {
  domain: string;
  entity: string;
  event: string;
}

export type TopicNameCheck = { ok: true } | { ok: false; error: NamingError };

/** Event topics `<domain>.<entity>.<event>`; returns the error instead of throwing (generators). */
export function checkTopicName(name: string): TopicNameCheck {
  const failure = baseTopicFailure(name, 'event');
  return failure ? { ok: false, error: topicNameError(name, failure) } : { ok: true };
}

export function validateTopicName(name: string): void {
  const check = checkTopicName(name);
  if (!check.ok) throw check.error;
}

export function isValidTopicName(name: string): boolean {
  return checkTopicName(name).ok;
}

export function topicName({ domain, entity, event }: TopicNameParts): string {
  requireStringParts('topic', { domain, entity, event }, TOPIC_NAME_EXAMPLE);
  const name = `${domain}.${entity}.${event}`;
  const failure = baseTopicPartsFailure([domain, entity, event], 'event');
  if (failure) throw topicNameError(name, failure);
  return name;
}

export function parseTopicName(name: string): TopicNameParts {
  validateTopicName(name);
  const [domain, entity, event] = name.split('.');
  return { domain, entity, event };
}

function topicNameError(name: unknown, failure: Failure): NamingError {
  return new NamingError({
    subject: 'topic name',
    value: name,
    ...failure,
    example: TOPIC_NAME_EXAMPLE,
  });
}
