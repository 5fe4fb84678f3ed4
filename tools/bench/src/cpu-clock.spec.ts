import { startCpuClock } from './cpu-clock';

describe('startCpuClock', () => {
  it('reports the CPU this process spent since it started, per message, in µs', () => {
    const perMessage = startCpuClock();
    const until = process.cpuUsage();
    let spin = 0;
    while (process.cpuUsage(until).user < 20_000) spin++; // ~20 ms of CPU
    expect(spin).toBeGreaterThan(0);
    const perEvent = perMessage(1_000); // >= 20 ms / 1,000
    expect(perEvent).toBeGreaterThanOrEqual(20);
    expect(perEvent).toBeLessThan(1_000);
  });

  it('refuses a count that is not positive', () => {
    expect(() => startCpuClock()(0)).toThrow('Invalid message count, expected > 0 received 0');
  });
});
