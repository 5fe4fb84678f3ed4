import { VIRTUAL_PARTITIONS } from '../schema/tables';

/**
 * Every virtual partition once, in random order (Fisher-Yates). Relays try partitions in this
 * order, so several of them rarely reach for the same one first and every partition gets served.
 */
export function shuffledPartitions(
  random: () => number = Math.random,
  count = VIRTUAL_PARTITIONS,
): number[] {
  const partitions = Array.from({ length: count }, (_, i) => i);
  for (let i = partitions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [partitions[i], partitions[j]] = [partitions[j], partitions[i]];
  }
  return partitions;
}
