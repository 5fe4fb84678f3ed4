import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthChecks } from './health-checks';

describe('HealthChecks', () => {
  const checks = (): HealthChecks => new HealthChecks(new HealthIndicatorService());

  it('reports each added check up while it resolves, down with the reason when it rejects', async () => {
    const health = checks();
    health.add('database', async () => undefined);
    health.add('cache', async () =>
      Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
    );
    const results = await Promise.all(health.indicators().map((indicator) => indicator()));
    expect(results).toEqual([
      { database: { status: 'up' } },
      { cache: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:6379' } },
    ]);
  });

  it('gives the reason of a check that rejects with something other than an Error', async () => {
    const health = checks();
    health.add('cache', async () => Promise.reject('pool is closed'));
    health.add('queue', async () => Promise.reject({ code: 'ECONNRESET' }));
    const results = await Promise.all(health.indicators().map((indicator) => indicator()));
    expect(results).toEqual([
      { cache: { status: 'down', message: 'pool is closed' } },
      { queue: { status: 'down', message: '{"code":"ECONNRESET"}' } },
    ]);
  });

  it('reports a check that does not answer within 3 s as down', async () => {
    jest.useFakeTimers();
    try {
      const health = checks();
      health.add('database', () => new Promise(() => undefined));
      const result = health.indicators()[0]();
      await jest.advanceTimersByTimeAsync(3_000);
      expect(await result).toEqual({
        database: { status: 'down', message: 'no answer within 3000 ms' },
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses the same name twice, saying to name each dependency', () => {
    const health = checks();
    health.add('database', async () => undefined);
    expect(() => health.add('database', async () => undefined)).toThrow(
      'The health check "database" is added twice: give each dependency its own name.',
    );
  });
});
