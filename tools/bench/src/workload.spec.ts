import type { BenchMessage } from './scenario';
import { sendInBatches } from './workload';

const message = (i: number): BenchMessage => ({ key: `k${i}`, value: Buffer.from([i]) });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('sendInBatches', () => {
  it('sends every message once, in batches of the given size, started in order', async () => {
    const batches: string[][] = [];
    await sendInBatches({
      total: 7,
      batchSize: 3,
      inFlight: 2,
      message,
      send: async (messages) => batches.push(messages.map((m) => m.key)),
    });
    expect(batches).toEqual([['k0', 'k1', 'k2'], ['k3', 'k4', 'k5'], ['k6']]);
  });

  it('keeps at most inFlight sends unacknowledged', async () => {
    let open = 0;
    let mostOpen = 0;
    await sendInBatches({
      total: 1000,
      batchSize: 100,
      inFlight: 4,
      message,
      send: async () => {
        mostOpen = Math.max(mostOpen, ++open);
        await tick();
        open--;
      },
    });
    expect(mostOpen).toBe(4);
  });

  it('defaults to batches of 100, 4 in flight', async () => {
    const sizes: number[] = [];
    await sendInBatches({
      total: 250,
      message,
      send: async (messages) => sizes.push(messages.length),
    });
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('rejects with the first failed send and starts no new batch after it', async () => {
    let sends = 0;
    const failing = sendInBatches({
      total: 1000,
      batchSize: 10,
      inFlight: 2,
      message,
      send: async () => {
        if (++sends === 3) throw new Error('broker said no');
        await tick();
      },
    });
    await expect(failing).rejects.toThrow('broker said no');
    expect(sends).toBeLessThanOrEqual(4);
  });

  it('rejects a batch size or window that is not a positive integer', async () => {
    await expect(
      sendInBatches({ total: 1, batchSize: 0, message, send: async () => undefined }),
    ).rejects.toThrow('Invalid batchSize, expected a positive integer received 0');
  });
});
