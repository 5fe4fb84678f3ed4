/**
 * A retention longer than this keeps everything: nothing was published or processed 1,000 years
 * ago. Sent to Postgres, `now() - retention` would fall before the earliest timestamp (4713 BC)
 * and fail every clean-up with "timestamp out of range", so no statement is run for it.
 */
export const LONGEST_RETENTION_MS = 1_000 * 365 * 24 * 60 * 60 * 1000;

/** Checks a clean-up's retention; false when it is too long for anything to have expired. */
export function mayHaveExpired(retentionMs: number): boolean {
  if (!Number.isInteger(retentionMs) || retentionMs < 0) {
    throw new RangeError(
      `Invalid retentionMs, expected a whole number >= 0 received ${typeof retentionMs === 'string' ? JSON.stringify(retentionMs) : String(retentionMs)}`,
    );
  }
  return retentionMs <= LONGEST_RETENTION_MS;
}
