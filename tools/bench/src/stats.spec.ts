import { median, messagesPerSecond, quantile, ratio, round, summarize } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects no values', () => {
    expect(() => median([])).toThrow('Cannot take a quantile of no values.');
  });
});

describe('quantile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([10, 20, 30, 40], 0.25)).toBe(17.5);
    expect(quantile([10, 20, 30, 40], 0.75)).toBe(32.5);
  });

  it('gives min and max at 0 and 1', () => {
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });

  it('rejects a quantile outside 0..1', () => {
    expect(() => quantile([1], 1.5)).toThrow('Invalid quantile, expected 0..1 received 1.5');
  });
});

describe('summarize', () => {
  it('gives the five-number summary without touching the input', () => {
    const samples = [900, 1000, 1100, 800, 1200];
    expect(summarize(samples)).toEqual({ median: 1000, min: 800, p25: 900, p75: 1100, max: 1200 });
    expect(samples).toEqual([900, 1000, 1100, 800, 1200]);
  });
});

describe('ratio', () => {
  it('divides value by baseline', () => {
    expect(ratio(950, 1000)).toBe(0.95);
  });

  it('is null when the baseline is zero or not a number', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, Number.NaN)).toBeNull();
  });
});

describe('messagesPerSecond', () => {
  it('turns a count and milliseconds into a rate', () => {
    expect(messagesPerSecond(50_000, 2_500)).toBe(20_000);
  });

  it('rejects a zero duration', () => {
    expect(() => messagesPerSecond(1, 0)).toThrow(
      'Invalid elapsed time, expected > 0 ms received 0',
    );
  });
});

describe('round', () => {
  it('rounds to the given decimals', () => {
    expect(round(0.94996, 4)).toBe(0.95);
    expect(round(12345.678, 1)).toBe(12345.7);
  });
});
