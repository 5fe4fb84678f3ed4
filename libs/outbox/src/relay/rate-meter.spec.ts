import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('averages the events of the last window over the window', () => {
    let now = 1_000_000;
    const meter = new RateMeter(10, () => now);
    meter.record(30);
    now += 4_000;
    meter.record(20);
    expect(meter.perSecond()).toBe(5);
    expect(meter.count).toBe(50);
    now += 7_000; // the first 30 fell out of the window
    expect(meter.perSecond()).toBe(2);
    now += 60_000;
    expect(meter.perSecond()).toBe(0);
    expect(meter.count).toBe(50);
  });

  it('refuses a window that is not a whole number of seconds', () => {
    expect(() => new RateMeter(0)).toThrow(
      'Invalid windowSeconds, expected a whole number >= 1 received 0',
    );
  });
});
