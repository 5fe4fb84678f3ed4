import { EnvelopeHeader, type NewEvent } from '@platform/kafka';

/** An unpublished outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  aggregateid: string;
  topic: string;
  payload: unknown;
  headers: Record<string, string>;
  created_at: Date;
  /** The payload's stored size (jsonb), for sizing produce requests without encoding it twice. */
  payload_bytes?: number;
}

/**
 * The producer's input for a row: envelope id = row id (so inboxes can dedupe a republished
 * row), key = aggregate id, time = when the writer recorded it, tracing headers as written.
 */
export function toNewEvent(row: OutboxRow): NewEvent {
  const headers = row.headers ?? {};
  return {
    id: row.id,
    key: row.aggregateid,
    data: row.payload,
    time: row.created_at,
    correlationId: headers[EnvelopeHeader.CorrelationId],
    causationId: headers[EnvelopeHeader.CausationId],
    traceparent: headers[EnvelopeHeader.TraceParent],
    subject: headers[EnvelopeHeader.Subject],
  };
}
