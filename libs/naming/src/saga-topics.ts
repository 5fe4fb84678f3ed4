import { type Failure, NamingError, requireStringParts } from './errors';
import { baseTopicFailure, baseTopicPartsFailure } from './topic-rules';

// Commands are requests, not facts, so they get their own topics instead of bending the
// past-tense rule: `<domain>.<entity>.commands` is owned by the service that executes them
// (payments.payment.commands), `<domain>.<entity>.replies` by the saga that awaits the answers
// (orders.order.replies). The last segment is fixed, so these never clash with event topics.
export const SAGA_TOPIC_EXAMPLE = 'payments.payment.commands';

export interface EntityRef {
  domain: string;
  entity: string;
}

export function commandTopic({ domain, entity }: EntityRef): string {
  return sagaTopic(domain, entity, 'commands');
}

export function replyTopic({ domain, entity }: EntityRef): string {
  return sagaTopic(domain, entity, 'replies');
}

export function validateSagaTopicName(name: string): void {
  const failure = baseTopicFailure(name, 'saga');
  if (failure) throw sagaTopicError(name, failure);
}

function sagaTopic(domain: string, entity: string, kind: 'commands' | 'replies'): string {
  requireStringParts('topic', { domain, entity }, SAGA_TOPIC_EXAMPLE);
  const name = `${domain}.${entity}.${kind}`;
  const failure = baseTopicPartsFailure([domain, entity, kind], 'saga');
  if (failure) throw sagaTopicError(name, failure);
  return name;
}

function sagaTopicError(name: unknown, failure: Failure): NamingError {
  return new NamingError({
    subject: 'saga topic name',
    value: name,
    ...failure,
    example: SAGA_TOPIC_EXAMPLE,
  });
}
