/**
 * Kafka's murmur2 (org.apache.kafka.common.utils.Utils#murmur2): the hash the Java client's
 * default partitioner puts keyed records with. It returns Java's signed 32-bit int.
 *
 * Math.imul and `| 0` keep every step in 32-bit two's complement like Java's int arithmetic;
 * plain `*` on JS numbers loses the low bits once a product passes 2^53 (kafkajs'
 * LegacyPartitioner does that, which is why it disagrees with Java even for ASCII keys).
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last 1-3 bytes, as Java's fall-through switch mixes them.
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= data[whole + 2] << 16;
    if (tail >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's Utils.toPositive: clears the sign bit (not Math.abs, which fails for Integer.MIN_VALUE). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}
