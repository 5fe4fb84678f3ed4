import { CommitTracker, PartitionOffsets } from './commit-tracker';

describe('PartitionOffsets', () => {
  it('commits the next offset to read: last handled + 1', () => {
    const offsets = new PartitionOffsets('orders.order.created', 3);
    offsets.start('41');
    offsets.finish('41');
    expect(offsets.pending()).toEqual({
      topic: 'orders.order.created',
      partition: 3,
      offset: '42',
    });
  });

  it('adds 1 with BigInt, exact for offsets near 2^63', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    offsets.start('9223372036854775806');
    offsets.finish('9223372036854775806');
    expect(offsets.pending()?.offset).toBe('9223372036854775807');
    // A Number would have rounded both to 9223372036854775808.
    expect(Number('9223372036854775806') + 1).toBe(9223372036854775808);
  });

  it('commits only the contiguous prefix when handlers finish out of order', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    for (const offset of ['10', '11', '12', '13']) offsets.start(offset);
    offsets.finish('12');
    offsets.finish('13');
    expect(offsets.pending()).toBeUndefined();
    offsets.finish('10');
    expect(offsets.pending()?.offset).toBe('11');
    offsets.finish('11');
    expect(offsets.pending()?.offset).toBe('14');
  });

  it('follows delivery order across gaps (compaction, transaction markers)', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    offsets.start('5');
    offsets.start('9');
    offsets.finish('9');
    expect(offsets.pending()).toBeUndefined();
    offsets.finish('5');
    expect(offsets.pending()?.offset).toBe('10');
  });

  it('lets go of a waiting offset that is gone from the log once a later batch starts past it', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    offsets.start('7');
    offsets.finish('7');
    offsets.start('8'); // deferred: its retry waits while the partition is paused
    expect(offsets.skipGoneBefore('8')).toBeUndefined(); // refetched: 8 is still there
    expect(offsets.pending()?.offset).toBe('8');

    // Compacted or past retention meanwhile: the refetch from 8 begins at 12.
    expect(offsets.skipGoneBefore('12')).toBe(8n);
    offsets.start('12');
    offsets.finish('12');
    expect(offsets.pending()?.offset).toBe('13');
  });

  it('never lets go of an offset at or after where the batch starts', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    offsets.start('8');
    offsets.start('9');
    expect(offsets.skipGoneBefore('8')).toBeUndefined();
    offsets.finish('9');
    expect(offsets.pending()).toBeUndefined();
  });

  it('has nothing pending once that offset is committed, and never goes backwards', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    offsets.start('1');
    offsets.finish('1');
    offsets.committed('2');
    expect(offsets.pending()).toBeUndefined();
    offsets.committed('1');
    offsets.start('2');
    offsets.finish('2');
    expect(offsets.pending()?.offset).toBe('3');
  });

  it('ignores a redelivered offset and a finish it never started', () => {
    const offsets = new PartitionOffsets('orders.order.created', 0);
    offsets.start('7');
    offsets.start('7');
    offsets.finish('8');
    expect(offsets.pending()).toBeUndefined();
    offsets.finish('7');
    expect(offsets.pending()?.offset).toBe('8');
  });
});

describe('CommitTracker', () => {
  it('lists the pending commit of every partition', () => {
    const tracker = new CommitTracker();
    const a = tracker.partition('orders.order.created', 0);
    const b = tracker.partition('orders.order.created', 1);
    a.start('0');
    a.finish('0');
    b.start('5');
    expect(tracker.pending()).toEqual([
      { offsets: a, commit: { topic: 'orders.order.created', partition: 0, offset: '1' } },
    ]);
    for (const { offsets, commit } of tracker.pending()) offsets.committed(commit.offset);
    expect(tracker.pending()).toEqual([]);
  });

  it('returns the same offsets for the same partition', () => {
    const tracker = new CommitTracker();
    expect(tracker.partition('orders.order.created', 2)).toBe(
      tracker.partition('orders.order.created', 2),
    );
  });

  it('never commits what a batch finishes after a rebalance reset', () => {
    const tracker = new CommitTracker();
    const before = tracker.partition('orders.order.created', 0);
    before.start('3');
    tracker.reset();
    before.finish('3');
    expect(before.isRetired).toBe(true);
    expect(before.pending()).toBeUndefined();
    expect(tracker.pending()).toEqual([]);
    expect(tracker.partition('orders.order.created', 0)).not.toBe(before);
  });
});
