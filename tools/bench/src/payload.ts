import { randomBytes } from 'node:crypto';
import type { BenchMessage } from './scenario';

export const VALUE_BYTES = 1024;
/** Keys repeat like aggregate ids do: enough of them to spread evenly over 12 partitions. */
export const DISTINCT_KEYS = 1024;

/**
 * Builds benchmark messages: key `key-${i % 1024}`, a 1 KiB value whose first 4 bytes hold i
 * (big-endian) and whose rest is random filler, so compression, if a scenario turns it on, has no easy win.
 */
export function createMessageFactory(valueBytes = VALUE_BYTES): (index: number) => BenchMessage {
  if (!Number.isInteger(valueBytes) || valueBytes < 4)
    throw new RangeError(`Invalid value size, expected an integer >= 4 received ${valueBytes}`);
  const filler = randomBytes(valueBytes);
  return (index) => {
    const value = Buffer.allocUnsafe(valueBytes);
    filler.copy(value);
    value.writeUInt32BE(index >>> 0, 0);
    return { key: `key-${index % DISTINCT_KEYS}`, value };
  };
}
