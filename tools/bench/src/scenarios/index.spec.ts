import { validateRegistry } from '../plan';
import { scenarios } from './index';

describe('the scenario registry', () => {
  it('is valid: unique names, registered one-level baselines, readable targets', () => {
    expect(() => validateRegistry(scenarios)).not.toThrow();
  });

  it('holds the baselines: plain kafkajs, plain pg, and reports without a baseline', () => {
    expect(scenarios.filter((s) => s.baseline === undefined).map((s) => s.name)).toEqual([
      'producer.raw',
      'consumer.raw-autocommit',
      'consumer.raw-envelope',
      'consumer.raw-parse',
      'consumer.nest-stock',
      'producer.raw-single',
      'outbox.naive-relay',
      'outbox.commit-to-ack',
      'postgres.single-row-commit',
      'generate.nest-application',
      'saga.completions',
      'e2e.raw-latency',
    ]);
  });
});
