import {
  createEnvelope,
  envelopeHeaders,
  type EnvelopeHeaders,
  type EventEnvelope,
  type NewEvent,
  type NewJsonEvent,
} from '../envelope';
import { MissingKeyError, SchemaValidationError } from '../errors';
import { type TopicDefinition, validatePayload } from '../topics';

/** One event ready for the wire: checked, enveloped and encoded, not yet partitioned. */
export interface OutgoingRecord {
  topic: string;
  key: Buffer;
  /** The JSON text: kafkajs writes it straight into the record as UTF-8, no Buffer in between. */
  value: string;
  headers: EnvelopeHeaders;
  /** Approximate bytes on the wire, for the batch size bound. */
  size: number;
}

/** Varints, attributes and the timestamp/offset deltas of a v2 record, roughly. */
const RECORD_OVERHEAD_BYTES = 20;

/**
 * Checks and encodes one event: key present, payload valid for the topic's schema, CloudEvents
 * binary-mode headers (ce_type = topic name), JSON value. Throws before anything is queued, so a
 * bad event never reaches the broker. The value is the schema's parse result, i.e. what was validated.
 */
export function prepareRecord<T>(
  topic: TopicDefinition<T>,
  event: NewEvent<T>,
  source: string,
): { record: OutgoingRecord; envelope: EventEnvelope<T> } {
  const key = checkedKey(topic.name, event);
  const data = validatePayload(topic, event.data);
  const envelope = createEnvelope(checkedEvent(topic.name, event, key, data), {
    type: topic.name,
    source,
  });
  const record = toRecord(topic.name, key, envelopeHeaders(envelope), encodeJson(topic.name, data));
  return { record, envelope };
}

/**
 * The same for data that is JSON text already, validated when it was recorded (see
 * EventProducer.sendJson): the key is checked, the text is sent as it is.
 */
export function prepareJsonRecord(
  topic: TopicDefinition<unknown>,
  event: NewJsonEvent,
  source: string,
): OutgoingRecord {
  const key = checkedKey(topic.name, event);
  const json: unknown = event.json;
  if (typeof json !== 'string' || json === '')
    throw new TypeError(
      `Invalid JSON event for topic "${topic.name}": expected the data as JSON text (json), received ${json === '' ? 'an empty string' : typeof json}`,
    );
  const envelope = createEnvelope(checkedEvent(topic.name, event, key, undefined), {
    type: topic.name,
    source,
  });
  return toRecord(topic.name, key, envelopeHeaders(envelope), json);
}

function toRecord(
  topic: string,
  key: string,
  headers: EnvelopeHeaders,
  value: string,
): OutgoingRecord {
  const keyBytes = Buffer.from(key, 'utf8');
  let size = RECORD_OVERHEAD_BYTES + keyBytes.length + Buffer.byteLength(value, 'utf8');
  for (const name in headers) size += name.length + headers[name].length + 2;
  return { topic, key: keyBytes, value, headers, size };
}

function checkedKey(topic: string, event: NewEvent<unknown> | NewJsonEvent): string {
  const key: unknown = (event as { key?: unknown } | null | undefined)?.key;
  if (key === undefined || key === null || key === '') throw new MissingKeyError(topic);
  if (typeof key !== 'string') {
    throw new TypeError(
      `Invalid key for topic "${topic}": expected a string (the entity id), received ${typeof key}`,
    );
  }
  const loneSurrogate = LONE_SURROGATE.exec(key);
  if (loneSurrogate)
    throw new TypeError(
      `Invalid key for topic "${topic}": expected well-formed text (the entity id), received a string with a lone UTF-16 surrogate at index ${loneSurrogate.index}. ` +
        'UTF-8 cannot carry it: it would go out as U+FFFD, the key another id may also become, on a partition other clients do not compute for it.',
    );
  return key;
}

/** An unpaired UTF-16 surrogate (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The envelope attributes a caller gave, checked here because they become header values: kafkajs
 * only refuses a non-string one while encoding the produce request, which fails every event of
 * that batch (other callers' included) and fences the queue behind it, and an empty id makes an
 * event every consumer dead-letters (no ce_id). Null counts as not given, as it does for `time`
 * and `correlationId` (untyped callers, JSON bodies).
 */
function checkedEvent<T>(
  topic: string,
  event: NewEvent<unknown> | NewJsonEvent,
  key: string,
  data: T,
): NewEvent<T> {
  const id: unknown = event.id;
  if (id != null && (typeof id !== 'string' || id === ''))
    throw new TypeError(
      `Invalid id for topic "${topic}": expected a non-empty string (omit it for a new UUID), received ${id === '' ? 'an empty string' : typeof id}`,
    );
  return {
    key,
    data,
    id: id ?? undefined,
    time: checkedTime(topic, event.time),
    subject: optionalText(topic, 'subject', event.subject),
    correlationId: optionalText(topic, 'correlationId', event.correlationId),
    causationId: optionalText(topic, 'causationId', event.causationId),
    traceparent: optionalText(topic, 'traceparent', event.traceparent),
  };
}

/** A valid Date or none (now); toISOString's own errors name neither the field nor the topic. */
function checkedTime(topic: string, time: unknown): Date | undefined {
  if (time == null) return undefined;
  // The tag, not only instanceof: a Date from another realm (a vm context, a worker's clone) is one too.
  if (!(time instanceof Date) && Object.prototype.toString.call(time) !== '[object Date]')
    throw new TypeError(
      `Invalid time for topic "${topic}": expected a Date (omit it for now), received ${typeof time}`,
    );
  if (Number.isNaN((time as Date).getTime()))
    throw new RangeError(
      `Invalid time for topic "${topic}": expected a valid Date (omit it for now), received an Invalid Date`,
    );
  return time as Date;
}

function optionalText(topic: string, field: string, value: unknown): string | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'string')
    throw new TypeError(
      `Invalid ${field} for topic "${topic}": expected a string, received ${typeof value}`,
    );
  return value;
}

/** JSON for an event's value; the producer and the outbox refuse the same payloads with the same error. */
export function encodeJson(topic: string, data: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    throw new SchemaValidationError(topic, [
      `(root): cannot be encoded as JSON (${(error as Error).message})`,
    ]);
  }
  // JSON.stringify(undefined) is undefined: that would be a tombstone, which is not an event.
  if (json === undefined)
    throw new SchemaValidationError(topic, ['(root): the payload encodes to nothing (undefined)']);
  return json;
}
