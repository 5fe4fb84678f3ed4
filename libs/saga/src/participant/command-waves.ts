/**
 * Splits commands, in delivery order, into waves that can each be handled by type, in any order:
 * a wave holds at most one command of a saga and of a Kafka key, and a later command of the same
 * saga or key is in a later wave. So grouping one wave's commands by handler never runs a
 * saga's (or key's) commands out of order, nor hands a batch handler two commands of one saga.
 */
export function commandWaves<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): T[][] {
  const waves: T[][] = [];
  const nextWave = new Map<string, number>();
  for (const item of items) {
    const keys = keysOf(item);
    let wave = 0;
    for (const key of keys) wave = Math.max(wave, nextWave.get(key) ?? 0);
    for (const key of keys) nextWave.set(key, wave + 1);
    (waves[wave] ??= []).push(item);
  }
  return waves;
}
