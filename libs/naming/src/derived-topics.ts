import { type Failure, NamingError, requireStringParts, typeFailure } from './errors';
import { MAX_RETRY_ATTEMPT } from './limits';
import { SERVICE_NAME_EXAMPLE, serviceNameFailure } from './service-name';
import { baseTopicFailure, topicLengthFailure } from './topic-rules';
import { TOPIC_NAME_EXAMPLE } from './topic-name';

// Retry and dead-letter topics belong to the consuming service, so two services consuming the
// same topic never share (or redrive) each other's failures:
//   retry:       <source>.retry.<service>.<attempt>   orders.order.created.retry.billing.1
//   dead letter: <source>.dlt.<service>               orders.order.created.dlt.billing
// The attempt is a number, not a delay name: delays are consumer configuration and may be tuned
// without renaming topics (and orphaning what sits in them). The source is always a base topic
// (event or command/reply), never a derived one, so names do not grow with each hop.

export interface RetryTopicOptions {
  source: string;
  service: string;
  /** 1 for the first retry; at most MAX_RETRY_ATTEMPT. */
  attempt: number;
}

export interface DeadLetterTopicOptions {
  source: string;
  service: string;
}

export type DerivedTopic =
  | { kind: 'retry'; source: string; service: string; attempt: number }
  | { kind: 'dlt'; source: string; service: string };

const RETRY_EXAMPLE = 'orders.order.created.retry.billing.1';
const DEAD_LETTER_EXAMPLE = 'orders.order.created.dlt.billing';
const FORMS =
  '<source>.retry.<service>.<attempt> (6 segments) or <source>.dlt.<service> (5 segments)';

export function retryTopic({ source, service, attempt }: RetryTopicOptions): string {
  requireSourceAndService(source, service, RETRY_EXAMPLE);
  const failure = attemptFailure(attempt);
  if (failure) {
    throw new NamingError({ subject: 'retry attempt', value: attempt, ...failure, example: '1' });
  }
  return withinKafkaLimit(`${source}.retry.${service}.${attempt}`, RETRY_EXAMPLE);
}

export function deadLetterTopic({ source, service }: DeadLetterTopicOptions): string {
  requireSourceAndService(source, service, DEAD_LETTER_EXAMPLE);
  return withinKafkaLimit(`${source}.dlt.${service}`, DEAD_LETTER_EXAMPLE);
}

/** The inverse of retryTopic/deadLetterTopic, so a redrive tool can find the original topic. */
export function parseDerivedTopic(name: string): DerivedTopic {
  const failure = derivedTopicFailure(name);
  if (failure) {
    throw new NamingError({
      subject: 'derived topic name',
      value: name,
      ...failure,
      example: DEAD_LETTER_EXAMPLE,
    });
  }
  const segments = name.split('.');
  const source = segments.slice(0, 3).join('.');
  const service = segments[4];
  return segments[3] === 'retry'
    ? { kind: 'retry', source, service, attempt: Number(segments[5]) }
    : { kind: 'dlt', source, service };
}

function requireSourceAndService(source: string, service: string, example: string): void {
  requireStringParts('derived topic', { source, service }, example);
  const sourceFailure = baseTopicFailure(source, 'source');
  if (sourceFailure) {
    throw new NamingError({
      subject: 'source topic',
      value: source,
      ...sourceFailure,
      example: TOPIC_NAME_EXAMPLE,
    });
  }
  const serviceFailure = serviceNameFailure(service);
  if (serviceFailure) {
    throw new NamingError({
      subject: 'service name',
      value: service,
      ...serviceFailure,
      example: SERVICE_NAME_EXAMPLE,
    });
  }
}

function attemptFailure(attempt: unknown): Failure | undefined {
  if (
    typeof attempt === 'number' &&
    Number.isInteger(attempt) &&
    attempt >= 1 &&
    attempt <= MAX_RETRY_ATTEMPT
  ) {
    return undefined;
  }
  const received =
    typeof attempt === 'number' ? String(attempt) : `${typeof attempt} ${JSON.stringify(attempt)}`;
  return {
    rule: 'attempt',
    detail: `expected an integer from 1 to ${MAX_RETRY_ATTEMPT}, received ${received}`,
  };
}

// The limits in limits.ts make this unreachable; it keeps the promise if someone raises them.
function withinKafkaLimit(name: string, example: string): string {
  const failure = topicLengthFailure(name);
  if (failure) {
    throw new NamingError({ subject: 'derived topic name', value: name, ...failure, example });
  }
  return name;
}

function derivedTopicFailure(name: unknown): Failure | undefined {
  const notString = typeFailure(name);
  if (notString) return notString;
  const text = name as string;
  if (text === '') return { rule: 'empty', detail: `expected ${FORMS}, received an empty string` };
  const tooLong = topicLengthFailure(text);
  if (tooLong) return tooLong;
  const segments = text.split('.');
  if (segments.length !== 5 && segments.length !== 6) {
    return {
      rule: 'segment-count',
      detail: `expected ${FORMS}, received ${segments.length} segments`,
    };
  }
  const emptyAt = segments.indexOf('');
  if (emptyAt >= 0) return { rule: 'empty-segment', detail: `segment ${emptyAt + 1} is empty` };
  const kind = segments[3];
  if (!((kind === 'retry' && segments.length === 6) || (kind === 'dlt' && segments.length === 5))) {
    return {
      rule: 'derived-kind',
      detail: `expected segment 4 to be "retry" (6 segments) or "dlt" (5 segments), received ${JSON.stringify(kind)} with ${segments.length} segments`,
    };
  }
  const sourceFailure = baseTopicFailure(segments.slice(0, 3).join('.'), 'source');
  if (sourceFailure) return sourceFailure;
  const service = segments[4];
  const serviceFailure = serviceNameFailure(service);
  if (serviceFailure) {
    return {
      rule: serviceFailure.rule,
      detail: `service ${JSON.stringify(service)} ${serviceFailure.detail}`,
    };
  }
  const attempt = segments[5];
  // No leading zeros: "retry.billing.01" would parse to the same attempt as ".1" but is another topic.
  if (
    kind === 'retry' &&
    !(/^[1-9][0-9]*$/.test(attempt) && Number(attempt) <= MAX_RETRY_ATTEMPT)
  ) {
    return {
      rule: 'attempt',
      detail: `expected the attempt to be an integer from 1 to ${MAX_RETRY_ATTEMPT}, received ${JSON.stringify(attempt)}`,
    };
  }
  return undefined;
}
