/**
 * Events per second over a sliding window, in one-second buckets: cheap enough to record every
 * batch, and a rate that reflects the last minute rather than the process lifetime.
 */
export class RateMeter {
  private readonly buckets: number[];
  private newestSecond = -1;
  private total = 0;

  constructor(
    private readonly windowSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
      throw new RangeError(
        `Invalid windowSeconds, expected a whole number >= 1 received ${windowSeconds}`,
      );
    }
    this.buckets = new Array<number>(windowSeconds).fill(0);
  }

  record(count: number): void {
    this.advance();
    this.buckets[this.newestSecond % this.windowSeconds] += count;
    this.total += count;
  }

  /** Events recorded since the meter was created. */
  get count(): number {
    return this.total;
  }

  /** Events per second over the window (or since the first event, if that was more recent). */
  perSecond(): number {
    this.advance();
    const sum = this.buckets.reduce((a, b) => a + b, 0);
    return sum / this.windowSeconds;
  }

  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    if (this.newestSecond === -1) {
      this.newestSecond = second;
      return;
    }
    // Clear the buckets of the seconds that passed without a record (all of them after a long gap).
    for (
      let s = this.newestSecond + 1;
      s <= second && s <= this.newestSecond + this.windowSeconds;
      s++
    ) {
      this.buckets[s % this.windowSeconds] = 0;
    }
    if (second > this.newestSecond) this.newestSecond = second;
  }
}
