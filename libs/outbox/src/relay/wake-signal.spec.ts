import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('ends one sleep per wake, the longest first', async () => {
    const signal = new WakeSignal();
    const woken: number[] = [];
    const sleepers = [1, 2].map((n) => signal.sleep(60_000).then(() => woken.push(n)));
    signal.wake();
    await sleepers[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toEqual([1]);
    signal.wake();
    await Promise.all(sleepers);
    expect(woken).toEqual([1, 2]);
  });

  it('keeps a wake that came while nobody slept, for the next sleep only', async () => {
    const signal = new WakeSignal();
    signal.wake();
    const started = Date.now();
    await signal.sleep(60_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const timedOut = await Promise.race([
      signal.sleep(50).then(() => 'slept'),
      new Promise((resolve) => setTimeout(() => resolve('late'), 1_000)),
    ]);
    expect(timedOut).toBe('slept');
  });

  it('ends a sleep when the abort signal fires', async () => {
    const signal = new WakeSignal();
    const stop = new AbortController();
    const sleeping = signal.sleep(60_000, stop.signal);
    stop.abort();
    await sleeping;
    await signal.sleep(60_000, stop.signal); // already aborted: returns at once
  });
});
