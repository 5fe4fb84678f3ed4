import { createOutboxRelay } from '@platform/outbox';
import type { RunResult, ScenarioContext } from '../scenario';
import { messagesPerSecond } from '../stats';
import { benchCatalog, benchProducer, prefillOutbox, withOutboxDatabase } from './outbox-workload';

/**
 * One relay with its defaults draining an outbox pre-filled with ctx.messages ~1 KiB events
 * (untimed). Clock: relay.start() → every row acknowledged by the broker AND marked (stop() waits
 * for the last batch's mark). Each row is read, published with acks=all and marked once.
 */
export async function runRelayDrain(ctx: ScenarioContext, label: string): Promise<RunResult> {
  const topic = await ctx.createTopic(label);
  const catalog = benchCatalog(topic);
  return withOutboxDatabase(async ({ db }) => {
    await prefillOutbox(ctx, db, catalog, topic, ctx.messages);
    const producer = benchProducer(ctx, catalog, label);
    await producer.connect();
    let published = 0;
    let allPublished!: () => void;
    const done = new Promise<void>((resolve) => (allPublished = resolve));
    const relay = createOutboxRelay({
      db,
      producer,
      onEvent: (event) => {
        if (event.type === 'published' && (published += event.ids.length) >= ctx.messages)
          allPublished();
        if (event.type === 'publish-failed' || event.type === 'database-failed')
          ctx.log(`relay: ${event.type}: ${String(event.error)}`);
      },
    });
    try {
      const started = performance.now();
      await relay.start();
      await done;
      await relay.stop();
      const elapsed = performance.now() - started;
      return { value: messagesPerSecond(ctx.messages, elapsed) };
    } finally {
      await relay.stop();
      await producer.disconnect();
    }
  });
}
