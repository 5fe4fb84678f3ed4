import { Coalescer, type CoalescerOptions } from './coalescer';
import { QueuedBehindFailureError } from './not-sent-error';

/** A sender the test acknowledges by hand: every batch waits until ack(i) or fail(i, error). */
function fakeSender() {
  const batches: string[][] = [];
  const outcomes: { resolve(): void; reject(error: unknown): void }[] = [];
  return {
    batches,
    send: (items: readonly string[]): Promise<void> => {
      batches.push([...items]);
      return new Promise<void>((resolve, reject) => outcomes.push({ resolve, reject }));
    },
    ack: (index: number) => outcomes[index].resolve(),
    fail: (index: number, error: unknown) => outcomes[index].reject(error),
    /** Sends are acknowledged as soon as they arrive. */
    autoAck: (items: readonly string[]): Promise<void> => {
      batches.push([...items]);
      return Promise.resolve();
    },
  };
}

function coalescer(
  send: (items: readonly string[]) => Promise<void>,
  options: Partial<CoalescerOptions<string>> = {},
): Coalescer<string> {
  return new Coalescer<string>({
    send,
    sizeOf: (item) => item.length,
    lingerMs: 0,
    maxBatchItems: 100,
    maxBatchBytes: 10_000,
    ...options,
  });
}

/** Lets pending promise callbacks and setImmediate callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records how each promise settled, without leaving a rejection unhandled. */
function track(promise: Promise<void>): {
  state: 'pending' | 'resolved' | 'rejected';
  error?: unknown;
} {
  const outcome: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = {
    state: 'pending',
  };
  promise.then(
    () => (outcome.state = 'resolved'),
    (error: unknown) => Object.assign(outcome, { state: 'rejected', error }),
  );
  return outcome;
}

describe('Coalescer', () => {
  describe('lingerMs = 0', () => {
    it('puts everything added in one event-loop turn into one batch and resolves every caller', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck);
      const callers = Array.from({ length: 64 }, (_, i) => batcher.add(`e${i}`));
      await Promise.all(callers);
      expect(sender.batches).toHaveLength(1);
      expect(sender.batches[0]).toEqual(Array.from({ length: 64 }, (_, i) => `e${i}`));
      expect(batcher.stats()).toEqual({ batches: 1, items: 64 });
    });

    it('sends nothing before the turn ends', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck);
      const done = batcher.add('a');
      await Promise.resolve();
      expect(sender.batches).toHaveLength(0);
      await done;
      expect(sender.batches).toEqual([['a']]);
    });
  });

  describe('lingerMs > 0', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('holds a batch for the linger after its first item, then sends what arrived meanwhile', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck, { lingerMs: 5 });
      const first = batcher.add('a');
      await jest.advanceTimersByTimeAsync(3);
      const second = batcher.add('b');
      await jest.advanceTimersByTimeAsync(1);
      expect(sender.batches).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(sender.batches).toEqual([['a', 'b']]);
      await Promise.all([first, second]);
    });

    it('does not wait for the linger once the batch is full', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck, { lingerMs: 1000, maxBatchItems: 3 });
      const callers = ['a', 'b', 'c', 'd'].map((item) => batcher.add(item));
      await jest.advanceTimersByTimeAsync(0);
      expect(sender.batches).toEqual([['a', 'b', 'c']]);
      await jest.advanceTimersByTimeAsync(1000);
      expect(sender.batches).toEqual([['a', 'b', 'c'], ['d']]);
      await Promise.all(callers);
    });
  });

  describe('size bounds', () => {
    it('closes a batch at maxBatchItems', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck, { maxBatchItems: 10 });
      await Promise.all(Array.from({ length: 25 }, (_, i) => batcher.add(`${i}`)));
      expect(sender.batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    });

    it('closes a batch before it would pass maxBatchBytes', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck, { maxBatchBytes: 10 });
      await Promise.all(
        ['aaaa', 'bbbb', 'cccc', 'dd', 'eeeeeeee'].map((item) => batcher.add(item)),
      );
      expect(sender.batches).toEqual([['aaaa', 'bbbb'], ['cccc', 'dd'], ['eeeeeeee']]);
    });

    it('sends an item larger than maxBatchBytes alone rather than refusing it', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck, { maxBatchBytes: 4 });
      await Promise.all(['ab', 'way-too-large', 'cd'].map((item) => batcher.add(item)));
      expect(sender.batches).toEqual([['ab'], ['way-too-large'], ['cd']]);
    });
  });

  describe('one batch in flight', () => {
    it('keeps the next batch filling until the current one is acknowledged, in order', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send);
      const first = track(batcher.add('a'));
      await settle();
      const later = ['b', 'c'].map((item) => track(batcher.add(item)));
      await settle();
      await settle();
      expect(sender.batches).toEqual([['a']]);
      expect(batcher.pendingItems).toBe(3);

      sender.ack(0);
      await settle();
      expect(first.state).toBe('resolved');
      expect(later.map((caller) => caller.state)).toEqual(['pending', 'pending']);
      await settle();
      expect(sender.batches).toEqual([['a'], ['b', 'c']]);

      sender.ack(1);
      await settle();
      expect(later.map((caller) => caller.state)).toEqual(['resolved', 'resolved']);
      expect(batcher.pendingItems).toBe(0);
    });
  });

  describe('per-caller outcome', () => {
    it('rejects the callers of the failed batch with the sender error', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send, { maxBatchItems: 2 });
      const callers = ['a', 'b'].map((item) => track(batcher.add(item)));
      const after = track(batcher.add('c')); // the next batch, already filling
      await settle();
      sender.ack(0);
      await settle();
      await settle();
      const brokerError = new Error('NOT_ENOUGH_REPLICAS');
      sender.fail(1, brokerError);
      await settle();
      expect(callers.map((caller) => caller.state)).toEqual(['resolved', 'resolved']);
      expect(after).toEqual({ state: 'rejected', error: brokerError });
    });

    it('sends nothing that was queued behind a failed batch: a key’s later event never lands first', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send, { maxBatchItems: 2 });
      // a1 and a2 are one key's events: a1 in the batch that fails, a2 in the one queued behind.
      const callers = ['a1', 'b1', 'a2', 'b2', 'c1'].map((item) => track(batcher.add(item)));
      await settle();
      const brokerError = new Error('REQUEST_TIMED_OUT');
      sender.fail(0, brokerError);
      await settle();
      await settle();

      expect(sender.batches).toEqual([['a1', 'b1']]);
      expect(callers.map((caller) => caller.state)).toEqual(Array(5).fill('rejected'));
      expect(callers[0].error).toBe(brokerError);
      for (const queued of callers.slice(2)) {
        expect(queued.error).toBeInstanceOf(QueuedBehindFailureError);
        expect((queued.error as Error).cause).toBe(brokerError);
        expect((queued.error as Error).message).toMatch(
          /^Not sent: .*REQUEST_TIMED_OUT.*Send it again\.$/,
        );
      }
      expect(batcher.pendingItems).toBe(0);

      // What is added after the failure is sent as usual.
      const later = track(batcher.add('a1'));
      await settle();
      expect(sender.batches).toEqual([['a1', 'b1'], ['a1']]);
      sender.ack(1);
      await settle();
      expect(later.state).toBe('resolved');
    });

    it('does not send the rest of an addAll list after one of its batches failed', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send, { maxBatchItems: 2 });
      const all = track(batcher.addAll(['a', 'b', 'c', 'd', 'e']));
      await settle();
      const brokerError = new Error('NOT_LEADER_OR_FOLLOWER');
      sender.fail(0, brokerError);
      await settle();
      await settle();
      expect(sender.batches).toEqual([['a', 'b']]);
      expect(all).toEqual({ state: 'rejected', error: brokerError });
    });

    it('rejects the callers when the sender throws instead of returning a promise', async () => {
      const boom = new Error('boom');
      const batcher = coalescer(() => {
        throw boom;
      });
      await expect(batcher.add('a')).rejects.toBe(boom);
    });

    it('resolves addAll once every batch it spans is acknowledged', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send, { maxBatchItems: 2 });
      const all = track(batcher.addAll(['a', 'b', 'c']));
      await settle();
      sender.ack(0);
      await settle();
      await settle();
      expect(all.state).toBe('pending');
      sender.ack(1);
      await settle();
      expect(all.state).toBe('resolved');
      expect(sender.batches).toEqual([['a', 'b'], ['c']]);
    });

    it('rejects addAll when any batch it spans fails', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send, { maxBatchItems: 2 });
      const all = track(batcher.addAll(['a', 'b', 'c']));
      await settle();
      sender.ack(0);
      await settle();
      await settle();
      const brokerError = new Error('REQUEST_TIMED_OUT');
      sender.fail(1, brokerError);
      await settle();
      expect(all).toEqual({ state: 'rejected', error: brokerError });
    });

    it('resolves an empty addAll without sending', async () => {
      const sender = fakeSender();
      await coalescer(sender.autoAck).addAll([]);
      expect(sender.batches).toHaveLength(0);
    });
  });

  describe('addAll and flush do not linger', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('sends an addAll batch at once even with a long linger', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.autoAck, { lingerMs: 60_000 });
      const all = batcher.addAll(['a', 'b']);
      await jest.advanceTimersByTimeAsync(0);
      expect(sender.batches).toEqual([['a', 'b']]);
      await all;
    });

    it('flush sends lingering items now and waits for every batch, failed ones included, without rejecting', async () => {
      const sender = fakeSender();
      const batcher = coalescer(sender.send, { lingerMs: 60_000, maxBatchItems: 2 });
      const callers = ['a', 'b', 'c'].map((item) => track(batcher.add(item)));
      const flushed = track(batcher.flush());
      await jest.advanceTimersByTimeAsync(0);
      expect(sender.batches).toEqual([['a', 'b']]);
      expect(flushed.state).toBe('pending');
      sender.fail(0, new Error('broken'));
      await jest.advanceTimersByTimeAsync(0);
      // c was queued behind the failed batch: not sent, rejected, and flush does not wait for it.
      expect(sender.batches).toEqual([['a', 'b']]);
      expect(flushed.state).toBe('resolved');
      expect(callers.map((caller) => caller.state)).toEqual(['rejected', 'rejected', 'rejected']);
    });

    it('flush with nothing pending resolves at once', async () => {
      await expect(coalescer(fakeSender().send).flush()).resolves.toBeUndefined();
    });
  });

  describe('options', () => {
    it.each([
      [{ lingerMs: -1 }, 'Invalid lingerMs, expected a number >= 0 and <= 2147483647 received -1'],
      [
        { lingerMs: 2 ** 31 },
        'Invalid lingerMs, expected a number >= 0 and <= 2147483647 received 2147483648',
      ],
      [{ maxBatchItems: 0 }, 'Invalid maxBatchItems, expected a whole number >= 1 received 0'],
      [{ maxBatchBytes: 0 }, 'Invalid maxBatchBytes, expected a number >= 1 received 0'],
    ])('rejects %j', (options, message) => {
      expect(() => coalescer(fakeSender().send, options)).toThrow(new RangeError(message));
    });
  });
});
