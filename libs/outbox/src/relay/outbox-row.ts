import { EnvelopeHeader, type NewJsonEvent } from '@platform/kafka';

/** An unpublished outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  aggregateid: string;
  topic: string;
  /**
   * The payload as JSON text (`payload::text`): it was validated by outbox.add, so the relay sends
   * it as stored instead of parsing and re-encoding it.
   */
  payload: string;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * The producer's input for a row: envelope id = row id (so inboxes can dedupe a republished
 * row), key = aggregate id, time = when the writer recorded it, tracing headers as written.
 */
export function toJsonEvent(row: OutboxRow): NewJsonEvent {
  const headers = row.headers ?? {};
  return {
    id: row.id,
    key: row.aggregateid,
    json: row.payload,
    time: row.created_at,
    correlationId: headers[EnvelopeHeader.CorrelationId],
    causationId: headers[EnvelopeHeader.CausationId],
    traceparent: headers[EnvelopeHeader.TraceParent],
    subject: headers[EnvelopeHeader.Subject],
  };
}
