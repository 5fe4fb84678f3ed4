import type { SagaOrchestrator } from '@platform/saga';
import { Registry } from 'prom-client';
import { SagaMetrics } from './saga-metrics';

function metricsWith(countByState: SagaOrchestrator['countByState']): {
  registry: Registry;
  metrics: SagaMetrics;
} {
  const registry = new Registry();
  const metrics = new SagaMetrics(registry, () => ({ countByState }) as SagaOrchestrator);
  return { registry, metrics };
}

describe('SagaMetrics', () => {
  it('counts instances per type and state from the database at scrape time', async () => {
    const { registry } = metricsWith(async () => [
      { type: 'create-order', state: 'needs-attention', count: 2 },
    ]);
    expect(await registry.metrics()).toContain(
      'saga_instances{saga_type="create-order",state="needs-attention"} 2',
    );
  });

  it('leaves saga_instances out of a scrape while the database fails, instead of failing the whole scrape', async () => {
    const { registry, metrics } = metricsWith(async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    metrics.record({
      type: 'finished',
      sagaType: 'create-order',
      sagaId: 's-1',
      state: 'completed',
      durationMs: 10,
    });
    const text = await registry.metrics();
    expect(text).toContain('saga_finished_total{saga_type="create-order",state="completed"} 1');
    expect(text).not.toContain('saga_instances{');
  });

  it('does not hold a scrape longer than a few seconds while the database does not answer', async () => {
    const { registry } = metricsWith(() => new Promise(() => undefined));
    const started = Date.now();
    expect(await registry.metrics()).toContain('saga_finished_total');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);
});
