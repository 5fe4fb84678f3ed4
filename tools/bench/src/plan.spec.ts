import { planScenarios, validateRegistry } from './plan';
import { fakeScenario } from './fake-scenario';

const producerRaw = fakeScenario('producer.raw');
const producerKeyed = fakeScenario('producer.keyed', {
  baseline: 'producer.raw',
  target: '>= 0.95',
});
const consumerRaw = fakeScenario('consumer.raw-autocommit');
const registry = [producerRaw, consumerRaw, producerKeyed];
const names = (plan: { name: string }[]): string[] => plan.map((scenario) => scenario.name);

describe('planScenarios', () => {
  it('runs every registered scenario, in registry order, when none is named', () => {
    expect(names(planScenarios([], registry))).toEqual([
      'producer.raw',
      'consumer.raw-autocommit',
      'producer.keyed',
    ]);
  });

  it('adds a baseline that was not requested, right before the scenario that needs it', () => {
    expect(names(planScenarios(['consumer.raw-autocommit', 'producer.keyed'], registry))).toEqual([
      'consumer.raw-autocommit',
      'producer.raw',
      'producer.keyed',
    ]);
  });

  it('runs a requested baseline once, however often it is named or needed', () => {
    expect(
      names(planScenarios(['producer.keyed', 'producer.raw', 'producer.keyed'], registry)),
    ).toEqual(['producer.raw', 'producer.keyed']);
  });

  it('adds a floor that was not requested, after the baseline', () => {
    const envelope = fakeScenario('producer.raw-envelope');
    const floored = fakeScenario('producer.keyed', {
      baseline: 'producer.raw',
      floor: 'producer.raw-envelope',
    });
    expect(names(planScenarios(['producer.keyed'], [producerRaw, envelope, floored]))).toEqual([
      'producer.raw',
      'producer.raw-envelope',
      'producer.keyed',
    ]);
  });

  it('adds a bound that was not requested, after the baseline and before the scenario', () => {
    const bare = fakeScenario('outbox.relay-bare', { baseline: 'producer.raw' });
    const bounded = fakeScenario('outbox.relay', {
      baseline: 'producer.raw',
      bound: 'outbox.relay-bare',
    });
    expect(names(planScenarios(['outbox.relay'], [producerRaw, bounded, bare]))).toEqual([
      'producer.raw',
      'outbox.relay-bare',
      'outbox.relay',
    ]);
  });

  it('rejects unknown names and lists the valid ones', () => {
    let error: unknown;
    try {
      planScenarios(['producer.raw', 'nope', 'zzz'], registry);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      name: 'BenchUsageError',
      message: 'Unknown scenarios: nope, zzz.',
      hint: 'Valid scenarios:\n  producer.raw\n  consumer.raw-autocommit\n  producer.keyed',
    });
  });
});

describe('validateRegistry', () => {
  it('accepts scenarios whose baselines are registered baselines', () => {
    expect(() => validateRegistry(registry)).not.toThrow();
  });

  it('rejects duplicate names', () => {
    expect(() => validateRegistry([producerRaw, fakeScenario('producer.raw')])).toThrow(
      'Scenario "producer.raw" is registered twice.',
    );
  });

  it('rejects names that are not lower-case dotted words', () => {
    expect(() => validateRegistry([fakeScenario('Producer Raw')])).toThrow(
      'Invalid scenario name "Producer Raw"',
    );
  });

  it('rejects an unknown baseline', () => {
    expect(() => validateRegistry([producerKeyed])).toThrow(
      'Scenario "producer.keyed" names baseline "producer.raw", which is not registered.',
    );
  });

  it('rejects a baseline that has a baseline itself', () => {
    const chained = fakeScenario('producer.outbox', { baseline: 'producer.keyed' });
    expect(() => validateRegistry([...registry, chained])).toThrow(
      'Scenario "producer.outbox" uses "producer.keyed" as baseline, but that scenario has a baseline itself.',
    );
  });

  it('rejects a target without a baseline, and a target it cannot read', () => {
    expect(() => validateRegistry([fakeScenario('a', { target: '>= 1' })])).toThrow(
      'Scenario "a" has a target but no baseline to compare with.',
    );
    expect(() =>
      validateRegistry([
        producerRaw,
        fakeScenario('b', { baseline: 'producer.raw', target: 'fast' }),
      ]),
    ).toThrow('Invalid target "fast"');
  });

  describe('floors', () => {
    const envelope = fakeScenario('producer.raw-envelope');
    const floored = (floor: string) =>
      fakeScenario('producer.keyed', { baseline: 'producer.raw', floor });

    it('accepts a registered floor', () => {
      expect(() =>
        validateRegistry([producerRaw, envelope, floored('producer.raw-envelope')]),
      ).not.toThrow();
    });

    it('rejects an unknown floor', () => {
      expect(() => validateRegistry([producerRaw, floored('nope')])).toThrow(
        'Scenario "producer.keyed" names floor "nope", which is not registered.',
      );
    });

    it('rejects a floor with another metric, and a floor without a baseline', () => {
      const commits = fakeScenario('pg.commits', { metric: 'commits_per_s' });
      expect(() => validateRegistry([producerRaw, commits, floored('pg.commits')])).toThrow(
        'Scenario "producer.keyed" (msgs_per_s) and its floor "pg.commits" (commits_per_s) measure different metrics.',
      );
      expect(() =>
        validateRegistry([envelope, fakeScenario('c', { floor: 'producer.raw-envelope' })]),
      ).toThrow(
        'Scenario "c" has a floor but no baseline: its ceiling is a ratio to the baseline.',
      );
    });
  });

  describe('bounds', () => {
    const bare = fakeScenario('outbox.relay-bare', { baseline: 'producer.raw' });
    const bounded = (bound: string) =>
      fakeScenario('outbox.relay', { baseline: 'producer.raw', bound });

    it('accepts a registered bound on the same baseline', () => {
      expect(() =>
        validateRegistry([producerRaw, bare, bounded('outbox.relay-bare')]),
      ).not.toThrow();
    });

    it('rejects an unknown bound', () => {
      expect(() => validateRegistry([producerRaw, bounded('nope')])).toThrow(
        'Scenario "outbox.relay" names bound "nope", which is not registered.',
      );
    });

    it('rejects a bound on another baseline, and a bound without a baseline', () => {
      expect(() =>
        validateRegistry([producerRaw, consumerRaw, bounded('consumer.raw-autocommit')]),
      ).toThrow(
        'Scenario "outbox.relay" (baseline "producer.raw") names bound "consumer.raw-autocommit" with baseline "none": a bound must be measured against the same baseline.',
      );
      expect(() =>
        validateRegistry([producerRaw, bare, fakeScenario('c', { bound: 'outbox.relay-bare' })]),
      ).toThrow('Scenario "c" has a bound but no baseline: a bound is a ratio to the baseline.');
    });
  });
});
