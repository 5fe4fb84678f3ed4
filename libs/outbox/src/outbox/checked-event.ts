import { randomUUID } from 'node:crypto';
import {
  encodeJson,
  EnvelopeHeader,
  MissingKeyError,
  SchemaValidationError,
  type TopicCatalog,
  validatePayload,
} from '@platform/kafka';
import type { OutboxEvent } from './outbox-event';

/** An outbox row's values, checked and encoded, ready for INSERT. */
export interface CheckedEvent {
  id: string;
  aggregateType: string;
  aggregateId: string;
  /** Also the CloudEvents type: the producer sets ce_type to the topic name. */
  topic: string;
  payloadJson: string;
  headersJson: string;
}

/** An event id the outbox's uuid column takes (outbox.add checks given ids, requeue checks selected ones). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An unpaired UTF-16 surrogate, as the producer checks keys (with the u flag a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * In JSON.stringify's output, a `\u` escape that is not itself an escaped backslash: NUL or a
 * lone surrogate, the only escapes jsonb refuses (JSON.stringify writes other characters as they are).
 */
const UNSTORABLE_JSON_ESCAPE = /(?<!\\)(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2})/i;

/**
 * The producer's checks, made when the event is recorded rather than when it is published: a
 * catalog topic (UnknownTopicError, which also covers invalid names: defineTopic refuses those),
 * a key (MissingKeyError) and a payload its schema accepts (SchemaValidationError). It throws
 * before any SQL runs, so the caller's transaction is still usable and nothing was written.
 * The stored payload is the schema's parse result, exactly what the producer would send.
 */
export function checkEvent(catalog: TopicCatalog, event: OutboxEvent): CheckedEvent {
  if (event === null || typeof event !== 'object') {
    throw new TypeError(
      `Invalid outbox event, expected an object received ${event === null ? 'null' : typeof event}`,
    );
  }
  const topicName = typeof event.topic === 'string' ? event.topic : event.topic?.name;
  const topic = catalog.get(topicName);
  const aggregateId = checkedKey(topic.name, event.aggregateId);
  const data = validatePayload(topic, event.payload);
  return {
    id: checkedId(topic.name, event.id),
    aggregateType: checkedAggregateType(topic.name, event.aggregateType),
    aggregateId,
    topic: topic.name,
    payloadJson: storableJson(topic.name, encodeJson(topic.name, data)),
    headersJson: JSON.stringify(envelopeHeadersOf(topic.name, event)),
  };
}

/**
 * Postgres text and jsonb cannot hold NUL, and jsonb refuses a lone surrogate: the INSERT would
 * fail and abort the caller's transaction. Refused here instead, before any SQL.
 */
function storableText(topic: string, field: string, value: string): string {
  const problem = value.includes('\u0000')
    ? 'a NUL character (\\u0000)'
    : LONE_SURROGATE.test(value)
      ? 'a lone UTF-16 surrogate'
      : undefined;
  if (problem !== undefined) {
    throw new TypeError(
      `Invalid ${field} for topic "${topic}": contains ${problem}, which Postgres cannot store`,
    );
  }
  return value;
}

function storableJson(topic: string, json: string): string {
  // Almost every payload has no escape at all: one scan, no regular expression.
  if (!json.includes('\\u')) return json;
  const escape = UNSTORABLE_JSON_ESCAPE.exec(json)?.[1]?.toLowerCase();
  if (escape === undefined) return json;
  const what = escape === '0000' ? 'a NUL character' : 'a lone surrogate';
  throw new SchemaValidationError(topic, [
    `(root): cannot be stored as jsonb: a string contains ${what} (\\u${escape})`,
  ]);
}

function checkedKey(topic: string, key: unknown): string {
  if (key === undefined || key === null || key === '') throw new MissingKeyError(topic);
  if (typeof key !== 'string') {
    throw new TypeError(
      `Invalid aggregateId for topic "${topic}": expected a string (the entity id), received ${typeof key}`,
    );
  }
  return storableText(topic, 'aggregateId', key);
}

function checkedId(topic: string, id: unknown): string {
  if (id === undefined) return randomUUID();
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) {
    throw new TypeError(
      `Invalid event id for topic "${topic}": expected a UUID, received ${JSON.stringify(id)}`,
    );
  }
  return id.toLowerCase();
}

function checkedAggregateType(topic: string, aggregateType: unknown): string {
  if (aggregateType === undefined) return topic.split('.')[1] ?? topic;
  if (typeof aggregateType !== 'string' || aggregateType === '') {
    throw new TypeError(
      `Invalid aggregateType for topic "${topic}": expected a non-empty string, received ${JSON.stringify(aggregateType)}`,
    );
  }
  return storableText(topic, 'aggregateType', aggregateType);
}

/** The per-event envelope attributes, under the Kafka header names the relay's producer will use. */
function envelopeHeadersOf(topic: string, event: OutboxEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  const optional: [keyof OutboxEvent, EnvelopeHeader][] = [
    ['correlationId', EnvelopeHeader.CorrelationId],
    ['causationId', EnvelopeHeader.CausationId],
    ['traceparent', EnvelopeHeader.TraceParent],
    ['subject', EnvelopeHeader.Subject],
  ];
  for (const [field, header] of optional) {
    const value = event[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw new TypeError(
        `Invalid ${field} for topic "${topic}": expected a string, received ${typeof value}`,
      );
    }
    headers[header] = storableText(topic, field, value);
  }
  return headers;
}
