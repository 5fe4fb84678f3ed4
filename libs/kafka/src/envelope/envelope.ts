import { randomUUID } from 'node:crypto';
import { CLOUDEVENTS_SPEC_VERSION, EnvelopeHeader, JSON_CONTENT_TYPE } from './headers';

/** An event as it travels: CloudEvents attributes, our tracing extensions, the key and the data. */
export interface EventEnvelope<T = unknown> {
  id: string;
  /** CloudEvents type; by convention the topic name, e.g. `orders.order.created`. */
  type: string;
  /** The producing service, e.g. `/services/orders`. */
  source: string;
  time: string;
  /** The entity id; also the Kafka key, so one entity's events stay in order. */
  key: string;
  subject?: string;
  /** Shared by every event of one business flow (a saga, a request). */
  correlationId: string;
  /** The id of the event or command that caused this one. */
  causationId?: string;
  traceparent?: string;
  data: T;
}

export type EnvelopeHeaders = Record<string, string>;

/** What a producer needs to say; the rest (id, time, correlation) is filled in. */
export interface NewEvent<T = unknown> {
  key: string;
  data: T;
  id?: string;
  time?: Date;
  subject?: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
}

/**
 * An event whose data is JSON text already, checked against its topic's schema when it was
 * recorded (the outbox: outbox.add validates in the writer's transaction).
 */
export type NewJsonEvent = Omit<NewEvent, 'data'> & { json: string };

export function createEnvelope<T>(
  event: NewEvent<T>,
  defaults: { type: string; source: string },
): EventEnvelope<T> {
  const id = event.id ?? randomUUID();
  return {
    id,
    type: defaults.type,
    source: defaults.source,
    time: isoTime(event.time),
    key: event.key,
    subject: event.subject,
    // A flow's first event starts the correlation with its own id.
    correlationId: event.correlationId ?? id,
    causationId: event.causationId,
    traceparent: event.traceparent,
    data: event.data,
  };
}

/**
 * `time.toISOString()` (now when omitted), remembered for the last millisecond it was asked for:
 * events sent together share it (a batch, a relay's rows of one transaction), and formatting it
 * cost more than the rest of the envelope.
 */
function isoTime(time: Date | undefined): string {
  // `== null`: untyped callers (JSON bodies) pass null for "now", as `time ?? new Date()` allowed.
  const ms = time == null ? Date.now() : time.getTime();
  if (ms !== lastTimeMs) {
    // Throws on an invalid Date like toISOString does; nothing is remembered then.
    lastTimeIso = new Date(ms).toISOString();
    lastTimeMs = ms;
  }
  return lastTimeIso;
}
let lastTimeMs = Number.NaN;
let lastTimeIso = '';

export function envelopeHeaders(envelope: EventEnvelope): EnvelopeHeaders {
  const headers: EnvelopeHeaders = {
    [EnvelopeHeader.Id]: envelope.id,
    [EnvelopeHeader.Type]: envelope.type,
    [EnvelopeHeader.Source]: envelope.source,
    [EnvelopeHeader.SpecVersion]: CLOUDEVENTS_SPEC_VERSION,
    [EnvelopeHeader.Time]: envelope.time,
    [EnvelopeHeader.ContentType]: JSON_CONTENT_TYPE,
    [EnvelopeHeader.CorrelationId]: envelope.correlationId,
  };
  if (envelope.subject !== undefined) headers[EnvelopeHeader.Subject] = envelope.subject;
  if (envelope.causationId !== undefined)
    headers[EnvelopeHeader.CausationId] = envelope.causationId;
  if (envelope.traceparent !== undefined)
    headers[EnvelopeHeader.TraceParent] = envelope.traceparent;
  return headers;
}
