import { DeserializationError } from '../errors';
import { CLOUDEVENTS_SPEC_VERSION, EnvelopeHeader, JSON_CONTENT_TYPE } from './headers';
import type { EventEnvelope } from './envelope';

/** The parts of a Kafka message decoding needs; kafkajs' KafkaMessage fits. */
export interface RawMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export function headerValue(headers: RawMessage['headers'], name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

/**
 * Reads a binary-mode CloudEvent. Anything that is not one (no ce_id, another spec version, not
 * JSON) is a DeserializationError: retrying cannot fix it, so it goes to the dead-letter topic.
 */
export function decodeEnvelope(topic: string, message: RawMessage): EventEnvelope {
  const header = (name: EnvelopeHeader): string | undefined => headerValue(message.headers, name);
  const id = header(EnvelopeHeader.Id);
  const type = header(EnvelopeHeader.Type);
  const source = header(EnvelopeHeader.Source);
  if (!id || !type || !source) {
    throw new DeserializationError(topic, 'missing CloudEvents headers ce_id, ce_type or ce_source');
  }
  const specVersion = header(EnvelopeHeader.SpecVersion);
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new DeserializationError(topic, `expected ce_specversion ${CLOUDEVENTS_SPEC_VERSION}, received ${specVersion ?? 'none'}`);
  }
  const contentType = header(EnvelopeHeader.ContentType) ?? JSON_CONTENT_TYPE;
  if (!contentType.startsWith(JSON_CONTENT_TYPE)) {
    throw new DeserializationError(topic, `expected content-type ${JSON_CONTENT_TYPE}, received ${contentType}`);
  }
  if (message.value === null) throw new DeserializationError(topic, 'the message has no value (a tombstone?)');
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString());
  } catch (error) {
    throw new DeserializationError(topic, `the value is not valid JSON (${(error as Error).message})`, error);
  }
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
