import { buildResults, formatBounds, formatCeilings, formatDetails, formatTable } from './results';
import { fakeScenario } from './fake-scenario';

const producerRaw = fakeScenario('producer.raw');
const producerKeyed = fakeScenario('producer.keyed', {
  baseline: 'producer.raw',
  target: '>= 0.95',
});

describe('buildResults', () => {
  const results = buildResults([
    { scenario: producerRaw, messages: 50_000, samples: [20_000, 18_000, 22_000, 19_000, 21_000] },
    {
      scenario: producerKeyed,
      messages: 50_000,
      samples: [19_000.04, 18_500, 17_000, 20_000, 18_000],
    },
  ]);

  it('keeps the contract keys first and null baseline fields on a baseline', () => {
    expect(results.results[0]).toEqual({
      scenario: 'producer.raw',
      metric: 'msgs_per_s',
      value: 20_000,
      baseline: null,
      baselineValue: null,
      ratio: null,
      target: null,
      meetsTarget: null,
      runs: 5,
      messages: 50_000,
      spread: { min: 18_000, p25: 19_000, p75: 21_000, max: 22_000 },
      samples: [20_000, 18_000, 22_000, 19_000, 21_000],
    });
    expect(Object.keys(results.results[0]).slice(0, 10)).toEqual([
      'scenario',
      'metric',
      'value',
      'baseline',
      'baselineValue',
      'ratio',
      'target',
      'meetsTarget',
      'runs',
      'messages',
    ]);
  });

  it('compares medians with the baseline measured in the same run and checks the target', () => {
    expect(results.results[1]).toMatchObject({
      scenario: 'producer.keyed',
      value: 18_500,
      baseline: 'producer.raw',
      baselineValue: 20_000,
      ratio: 0.925,
      target: '>= 0.95',
      meetsTarget: false,
      samples: [19_000, 18_500, 17_000, 20_000, 18_000],
    });
  });

  it('says yes when the target is met', () => {
    const { results: met } = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100] },
      { scenario: producerKeyed, messages: 10, samples: [95] },
    ]);
    expect(met[1]).toMatchObject({ ratio: 0.95, meetsTarget: true });
  });

  it('refuses a scenario whose baseline was not measured', () => {
    expect(() => buildResults([{ scenario: producerKeyed, messages: 10, samples: [1] }])).toThrow(
      'Baseline "producer.raw" of "producer.keyed" was not measured in this run.',
    );
  });
});

describe('formatTable', () => {
  it('prints one aligned row per scenario', () => {
    const table = formatTable(
      buildResults([
        { scenario: producerRaw, messages: 10, samples: [20_000, 18_000, 22_000] },
        { scenario: producerKeyed, messages: 10, samples: [19_000, 19_000, 19_000] },
      ]),
    );
    expect(table.split('\n')).toEqual([
      'scenario        metric      median     min     max        p25–p75  baseline      ratio  target   ok',
      '--------------  ----------  ------  ------  ------  -------------  ------------  -----  -------  ---',
      'producer.raw    msgs_per_s  20,000  18,000  22,000  19,000–21,000  —                 —  —        —',
      'producer.keyed  msgs_per_s  19,000  19,000  19,000  19,000–19,000  producer.raw  0.950  >= 0.95  yes',
    ]);
  });
});

describe('details', () => {
  const latency = fakeScenario('outbox.commit-to-ack', { metric: 'ms' });

  it('reports the median of each detail over the counted runs, after the contract keys', () => {
    const [result] = buildResults([
      {
        scenario: latency,
        messages: 10,
        samples: [4, 6, 5],
        details: [
          { p50: 4, p99: 30 },
          { p50: 6, p99: 10 },
          { p50: 5, p99: 20.04 },
        ],
      },
    ]).results;
    expect(Object.keys(result).slice(0, 8)).toEqual([
      'scenario',
      'metric',
      'value',
      'baseline',
      'baselineValue',
      'ratio',
      'target',
      'meetsTarget',
    ]);
    expect(result.value).toBe(5);
    expect(result.details).toEqual({ p50: 5, p99: 20 });
  });

  it('leaves details out for scenarios that report none, and prints one line per scenario that does', () => {
    const results = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100] },
      { scenario: latency, messages: 10, samples: [5], details: [{ p50: 5, p99: 1234.5 }] },
    ]);
    expect('details' in results.results[0]).toBe(false);
    expect(formatDetails(results)).toBe(
      ['details (median of the counted runs):', 'outbox.commit-to-ack  p50 5  p99 1,234.5'].join(
        '\n',
      ),
    );
    expect(
      formatDetails(buildResults([{ scenario: producerRaw, messages: 10, samples: [100] }])),
    ).toBe('');
  });
});

describe('ceilings', () => {
  const envelope = fakeScenario('producer.raw-envelope');
  const floored = fakeScenario('producer.keyed', {
    baseline: 'producer.raw',
    target: '>= 0.95',
    floor: 'producer.raw-envelope',
  });
  const cpu = (us: number) => [{ client_cpu_us_per_msg: us }];

  it('divides the baseline’s client CPU per message by the floor’s, and checks the target against it', () => {
    const results = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100], details: cpu(10) },
      { scenario: envelope, messages: 10, samples: [55], details: cpu(18) },
      { scenario: floored, messages: 10, samples: [45], details: cpu(22) },
    ]);
    expect(results.results[2].ceiling).toEqual({
      floor: 'producer.raw-envelope',
      floorCpuUsPerMsg: 18,
      baselineCpuUsPerMsg: 10,
      ratio: 0.5556,
      targetWithinReach: false,
    });
    expect(formatCeilings(results).split('\n')).toEqual([
      'ceilings (estimates from client CPU per message in this run, which swings with load: the ratio if our code cost nothing over bare kafkajs doing the same work):',
      'producer.keyed  <= 0.556 × producer.raw: 10 µs a message against 18 µs for producer.raw-envelope; target >= 0.95 is ABOVE it',
    ]);
  });

  it('says a target is within reach when the ceiling meets it', () => {
    const results = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100], details: cpu(20) },
      { scenario: envelope, messages: 10, samples: [95], details: cpu(20) },
      { scenario: floored, messages: 10, samples: [90], details: cpu(21) },
    ]);
    expect(results.results[2].ceiling).toMatchObject({ ratio: 1, targetWithinReach: true });
    expect(formatCeilings(results)).toContain('target >= 0.95 is under it');
  });

  it('has no ceiling when the floor did not run or reported no CPU', () => {
    const withoutFloor = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100], details: cpu(10) },
      { scenario: floored, messages: 10, samples: [45], details: cpu(22) },
    ]);
    const withoutCpu = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100], details: cpu(10) },
      { scenario: envelope, messages: 10, samples: [55] },
      { scenario: floored, messages: 10, samples: [45] },
    ]);
    expect('ceiling' in withoutFloor.results[1]).toBe(false);
    expect('ceiling' in withoutCpu.results[2]).toBe(false);
    expect(formatCeilings(withoutCpu)).toBe('');
  });
});

describe('bounds', () => {
  const bare = fakeScenario('outbox.relay-bare', { baseline: 'producer.raw' });
  const bounded = fakeScenario('outbox.relay', {
    baseline: 'producer.raw',
    target: '>= 0.5',
    bound: 'outbox.relay-bare',
  });

  it('carries the bound’s ratio from the same run and checks the target against it', () => {
    const results = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100] },
      { scenario: bare, messages: 10, samples: [45] },
      { scenario: bounded, messages: 10, samples: [30] },
    ]);
    expect(results.results[2].bound).toEqual({
      scenario: 'outbox.relay-bare',
      ratio: 0.45,
      targetWithinReach: false,
    });
    expect(results.results[2].meetsTarget).toBe(false);
    expect(formatBounds(results).split('\n')).toEqual([
      'bounds (measured in this run: plain pg + kafkajs doing the least work the scenario must, the ratio no implementation passes here):',
      'outbox.relay  <= 0.450 × producer.raw (outbox.relay-bare); target >= 0.5 is ABOVE it',
    ]);
  });

  it('says a target is within reach when the bound meets it', () => {
    const results = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100] },
      { scenario: bare, messages: 10, samples: [60] },
      { scenario: bounded, messages: 10, samples: [40] },
    ]);
    expect(results.results[2].bound).toMatchObject({ ratio: 0.6, targetWithinReach: true });
    expect(formatBounds(results)).toContain('target >= 0.5 is under it');
  });

  it('has no bound when the bound did not run', () => {
    const results = buildResults([
      { scenario: producerRaw, messages: 10, samples: [100] },
      { scenario: bounded, messages: 10, samples: [30] },
    ]);
    expect('bound' in results.results[1]).toBe(false);
    expect(formatBounds(results)).toBe('');
  });
});
