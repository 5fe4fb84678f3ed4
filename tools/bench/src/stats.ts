/** Five-number summary of one scenario's counted runs. */
export interface Summary {
  median: number;
  min: number;
  p25: number;
  p75: number;
  max: number;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Quantile with linear interpolation between closest ranks (numpy's default, R type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('Cannot take a quantile of no values.');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Invalid quantile, expected 0..1 received ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: Math.min(...values),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    max: Math.max(...values),
  };
}

/** value / baseline, or null when the baseline gives nothing to divide by. */
export function ratio(value: number, baseline: number): number | null {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return null;
  return value / baseline;
}

export function messagesPerSecond(count: number, elapsedMs: number): number {
  if (!(elapsedMs > 0))
    throw new RangeError(`Invalid elapsed time, expected > 0 ms received ${elapsedMs}`);
  return count / (elapsedMs / 1000);
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
