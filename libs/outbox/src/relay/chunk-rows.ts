import type { OutboxRow } from './outbox-row';

/** CloudEvents headers, key and record overhead, roughly: enough to keep a chunk under the bound. */
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

/** The payload text's UTF-8 size (jsonb's stored size is compressed for large payloads, so it could overfill a request). */
export function estimateSize(row: OutboxRow): number {
  const payload = Buffer.byteLength(row.payload, 'utf8');
  return ROW_OVERHEAD_BYTES + row.aggregateid.length + payload;
}
