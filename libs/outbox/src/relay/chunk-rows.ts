import type { OutboxRow } from './outbox-row';

/**
 * The record overhead and the envelope headers every row gets (ce_id, ce_source, ce_time, a
 * correlation id, ...), roughly: with the parts that vary per row (below), enough to keep a chunk
 * under the producer's own estimate of the same bound.
 */
const ROW_OVERHEAD_BYTES = 400;

/**
 * Splits rows (in seq order) into consecutive chunks of at most `maxEvents` rows and about
 * `maxBytes` bytes; a row larger than that goes alone. The relay publishes chunk after chunk and
 * stops at the first failure, so it never sends a later row of an aggregate after an earlier one
 * failed. Kept under the producer's own batch bounds, a chunk takes one or two produce requests
 * (two when the producer's open batch, shared with other relay loops, fills up with part of it);
 * should the first fail, the producer does not send the second (its failure fence).
 */
export function chunkRows(
  rows: readonly OutboxRow[],
  maxEvents: number,
  maxBytes: number,
  sizeOf: (row: OutboxRow) => number = estimateSize,
): OutboxRow[][] {
  const chunks: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = sizeOf(row);
    if (current.length > 0 && (current.length >= maxEvents || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * What the producer will count for the row: the payload text's and the key's UTF-8 size (jsonb's
 * stored size is compressed for large payloads, so it could overfill a request), the topic (the
 * ce_type header) and the tracing headers the writer gave, which may be long (a subject, a
 * correlation id of its own).
 */
export function estimateSize(row: OutboxRow): number {
  let size =
    ROW_OVERHEAD_BYTES +
    Buffer.byteLength(row.aggregateid, 'utf8') +
    row.topic.length +
    Buffer.byteLength(row.payload, 'utf8');
  const headers = row.headers;
  if (headers !== null && typeof headers === 'object') {
    for (const name in headers) {
      const value = headers[name];
      if (typeof value === 'string') size += name.length + value.length + 2;
    }
  }
  return size;
}
