import type { Admin } from 'kafkajs';
import { TopicPool } from './context';
import { fakeScenario } from './fake-scenario';
import { runBench } from './runner';

/** A pool on an admin that only records deletions: these scenarios create no topics. */
function fakeTopics(): TopicPool {
  return new TopicPool({ deleteTopics: async () => undefined } as unknown as Admin);
}

describe('runBench', () => {
  it('warms each scenario up once, then interleaves the counted runs', async () => {
    const calls: string[] = [];
    const values = new Map([
      ['a', [1, 10, 20, 30]],
      ['b', [2, 40, 50, 60]],
    ]);
    const scenario = (name: string) =>
      fakeScenario(name, {
        run: async (ctx) => {
          calls.push(`${name}:${ctx.messages}`);
          return { value: values.get(name)!.shift()! };
        },
      });
    const lines: string[] = [];
    const measured = await runBench({
      scenarios: [scenario('a'), scenario('b')],
      runs: 3,
      messages: 123,
      brokers: ['b:9092'],
      topics: fakeTopics(),
      log: (line) => lines.push(line),
    });

    expect(calls).toEqual(['a:123', 'b:123', 'a:123', 'b:123', 'a:123', 'b:123', 'a:123', 'b:123']);
    expect(measured.map((m) => [m.scenario.name, m.messages, m.samples])).toEqual([
      ['a', 123, [10, 20, 30]],
      ['b', 123, [40, 50, 60]],
    ]);
    expect(lines.slice(0, 3)).toEqual([
      'a warm-up: 1 msgs_per_s',
      'b warm-up: 2 msgs_per_s',
      'a run 1/3: 10 msgs_per_s',
    ]);
  });

  it('names the scenario and run that failed, and stops there', async () => {
    let runs = 0;
    const failing = fakeScenario('broken', {
      run: async () => {
        if (++runs === 2) throw new Error('no leader');
        return { value: 1 };
      },
    });
    await expect(
      runBench({
        scenarios: [failing],
        runs: 5,
        messages: 1,
        brokers: [],
        topics: fakeTopics(),
        log: () => undefined,
      }),
    ).rejects.toThrow('broken run 1/5 failed: no leader');
    expect(runs).toBe(2);
  });

  it('refuses a run that reports no positive number', async () => {
    const zero = fakeScenario('zero', { run: async () => ({ value: 0 }) });
    await expect(
      runBench({
        scenarios: [zero],
        runs: 1,
        messages: 1,
        brokers: [],
        topics: fakeTopics(),
        log: () => undefined,
      }),
    ).rejects.toThrow('zero warm-up reported 0 msgs_per_s; expected a positive number.');
  });

  it('keeps the details of the counted runs only', async () => {
    let run = 0;
    const scenario = fakeScenario('latency', {
      metric: 'ms',
      run: async () => {
        run++;
        return { value: run, details: { p99: run * 10 } };
      },
    });
    const [measured] = await runBench({
      scenarios: [scenario],
      runs: 2,
      messages: 1,
      brokers: [],
      topics: fakeTopics(),
      log: () => undefined,
    });
    expect(measured.samples).toEqual([2, 3]);
    expect(measured.details).toEqual([{ p99: 20 }, { p99: 30 }]);
  });
});
