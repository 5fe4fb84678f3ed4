import { DeserializationError } from '../errors';
import { CLOUDEVENTS_SPEC_VERSION, EnvelopeHeader, JSON_CONTENT_TYPE } from './headers';
import type { EventEnvelope } from './envelope';
import { ENVELOPE_HEADER_SLOTS, locateEnvelopeHeaders, valueEnd, valueStart } from './header-bytes';
import { RepeatedText } from './repeated-text';

/** The parts of a Kafka message decoding needs; kafkajs' KafkaMessage fits. */
export interface RawMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export function headerValue(headers: RawMessage['headers'], name: string): string | undefined {
  const raw: unknown = headers?.[name];
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  // A header without a value (other clients can send one) arrives as null: absent.
  if (typeof first === 'string') return first;
  return Buffer.isBuffer(first) ? first.toString() : undefined;
}

/**
 * Reads a binary-mode CloudEvent. Anything that is not one (no ce_id, another spec version, not
 * JSON) is a DeserializationError: retrying cannot fix it, so it goes to the dead-letter topic.
 * The header bytes are read in place when the client left them undecoded (see header-bytes.ts);
 * both ways give the same envelope and the same errors.
 */
export function decodeEnvelope(topic: string, message: RawMessage): EventEnvelope {
  const buffer = locateEnvelopeHeaders(message);
  return buffer === undefined
    ? decodeFromHeaders(topic, message)
    : decodeFromBytes(topic, message, buffer);
}

/** The reference: every header read through the headers object, each only when needed. */
function decodeFromHeaders(topic: string, message: RawMessage): EventEnvelope {
  const header = (name: EnvelopeHeader): string | undefined => headerValue(message.headers, name);
  const id = header(EnvelopeHeader.Id);
  const type = header(EnvelopeHeader.Type);
  const source = header(EnvelopeHeader.Source);
  if (!id || !type || !source) throw missingHeaders(topic);
  const specVersion = header(EnvelopeHeader.SpecVersion);
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) throw wrongSpecVersion(topic, specVersion);
  const contentType = header(EnvelopeHeader.ContentType) ?? JSON_CONTENT_TYPE;
  if (!contentType.startsWith(JSON_CONTENT_TYPE)) throw wrongContentType(topic, contentType);
  const data = parseData(topic, message);
  return {
    id,
    type,
    source,
    time: header(EnvelopeHeader.Time) ?? '',
    key: message.key?.toString() ?? '',
    subject: header(EnvelopeHeader.Subject),
    correlationId: header(EnvelopeHeader.CorrelationId) ?? id,
    causationId: header(EnvelopeHeader.CausationId),
    traceparent: header(EnvelopeHeader.TraceParent),
    data,
  };
}

const slot = (name: EnvelopeHeader): number => ENVELOPE_HEADER_SLOTS.indexOf(name);
const ID = slot(EnvelopeHeader.Id);
const TYPE = slot(EnvelopeHeader.Type);
const SOURCE = slot(EnvelopeHeader.Source);
const SPEC_VERSION = slot(EnvelopeHeader.SpecVersion);
const TIME = slot(EnvelopeHeader.Time);
const SUBJECT = slot(EnvelopeHeader.Subject);
const CONTENT_TYPE = slot(EnvelopeHeader.ContentType);
const CORRELATION_ID = slot(EnvelopeHeader.CorrelationId);
const CAUSATION_ID = slot(EnvelopeHeader.CausationId);
const TRACE_PARENT = slot(EnvelopeHeader.TraceParent);

const repeated = {
  type: new RepeatedText(),
  source: new RepeatedText(),
  specVersion: new RepeatedText(),
  time: new RepeatedText(),
  contentType: new RepeatedText(),
};

/**
 * The same checks and result from the header bytes: only what the envelope keeps becomes a string,
 * and repeating values reuse the last one's string. A wanted header is never null here (see
 * locateEnvelopeHeaders), so no read can throw and the order of reads does not matter.
 */
function decodeFromBytes(topic: string, message: RawMessage, buffer: Buffer): EventEnvelope {
  const id = text(buffer, ID);
  const type = remembered(buffer, TYPE, repeated.type);
  const source = remembered(buffer, SOURCE, repeated.source);
  if (!id || !type || !source) throw missingHeaders(topic);
  const specVersion = remembered(buffer, SPEC_VERSION, repeated.specVersion);
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) throw wrongSpecVersion(topic, specVersion);
  const contentType = remembered(buffer, CONTENT_TYPE, repeated.contentType) ?? JSON_CONTENT_TYPE;
  if (!contentType.startsWith(JSON_CONTENT_TYPE)) throw wrongContentType(topic, contentType);
  const data = parseData(topic, message);
  return {
    id,
    type,
    source,
    time: remembered(buffer, TIME, repeated.time) ?? '',
    key: message.key?.toString() ?? '',
    subject: text(buffer, SUBJECT),
    // A flow's first event carries its own id as the correlation id: no second string then.
    correlationId: sameBytes(buffer, CORRELATION_ID, ID) ? id : (text(buffer, CORRELATION_ID) ?? id),
    causationId: text(buffer, CAUSATION_ID),
    traceparent: text(buffer, TRACE_PARENT),
    data,
  };
}

function text(buffer: Buffer, slot: number): string | undefined {
  const start = valueStart[slot];
  return start < 0 ? undefined : buffer.toString('utf8', start, valueEnd[slot]);
}

function remembered(buffer: Buffer, slot: number, last: RepeatedText): string | undefined {
  const start = valueStart[slot];
  return start < 0 ? undefined : last.read(buffer, start, valueEnd[slot]);
}

function sameBytes(buffer: Buffer, slot: number, other: number): boolean {
  const start = valueStart[slot];
  const otherStart = valueStart[other];
  if (start < 0 || otherStart < 0) return false;
  const length = valueEnd[slot] - start;
  if (length !== valueEnd[other] - otherStart) return false;
  for (let i = 0; i < length; i++) if (buffer[start + i] !== buffer[otherStart + i]) return false;
  return true;
}

function missingHeaders(topic: string): DeserializationError {
  return new DeserializationError(topic, 'missing CloudEvents headers ce_id, ce_type or ce_source');
}

function wrongSpecVersion(topic: string, specVersion: string | undefined): DeserializationError {
  return new DeserializationError(topic, `expected ce_specversion ${CLOUDEVENTS_SPEC_VERSION}, received ${specVersion ?? 'none'}`);
}

function wrongContentType(topic: string, contentType: string): DeserializationError {
  return new DeserializationError(topic, `expected content-type ${JSON_CONTENT_TYPE}, received ${contentType}`);
}

function parseData(topic: string, message: RawMessage): unknown {
  if (message.value === null) throw new DeserializationError(topic, 'the message has no value (a tombstone?)');
  try {
    return JSON.parse(message.value.toString());
  } catch (error) {
    throw new DeserializationError(topic, `the value is not valid JSON (${(error as Error).message})`, error);
  }
}
