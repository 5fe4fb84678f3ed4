import { backoffCap, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it('doubles the cap per retry up to maxMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffCap(retry, options))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('stays at maxMs for very late retries instead of overflowing', () => {
    expect(backoffCap(2_000, options)).toBe(1_000);
  });

  it('stays at 0 for very late retries with a zero base, never NaN', () => {
    // 0 * 2 ** 2_000 is 0 * Infinity: the delay was NaN, and so was the pause it asked for.
    expect(backoffCap(2_000, { baseMs: 0, maxMs: 1_000 })).toBe(0);
    expect(backoffDelay(2_000, { baseMs: 0, maxMs: 1_000 }, () => 0.5)).toBe(0);
  });

  it('draws uniformly from [0, cap] (full jitter)', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
    expect(backoffDelay(3, options, () => 0.999_999)).toBe(400);
  });

  it('keeps every draw within bounds', () => {
    for (let retry = 1; retry <= 8; retry++) {
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(retry, options);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(backoffCap(retry, options));
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('rejects a retry number below 1', () => {
    expect(() => backoffDelay(0, options)).toThrow(
      'Invalid retry number, expected an integer >= 1 received 0',
    );
  });
});
