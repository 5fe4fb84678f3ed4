import { shuffledPartitions } from './shuffled-partitions';

describe('shuffledPartitions', () => {
  it('holds every partition once', () => {
    expect([...shuffledPartitions()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 64 }, (_, i) => i),
    );
  });

  it('is a Fisher-Yates shuffle of the given random source', () => {
    expect(shuffledPartitions(() => 0, 4)).toEqual([1, 2, 3, 0]);
    expect(shuffledPartitions(() => 0.999, 4)).toEqual([0, 1, 2, 3]);
  });
});
