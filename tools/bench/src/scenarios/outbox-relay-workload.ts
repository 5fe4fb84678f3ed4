import { createOutboxRelay } from '@platform/outbox';
import type { RunResult, ScenarioContext } from '../scenario';
import { messagesPerSecond } from '../stats';
import { backendCpu, backendCpuSpent } from './outbox-cpu';
import { benchCatalog, benchProducer, prefillOutbox, withOutboxDatabase } from './outbox-workload';

/**
 * One relay with its defaults (but `onPublished` when given) draining an outbox pre-filled with
 * ctx.messages ~1 KiB events (untimed). Clock: relay.start() → every row acknowledged by the
 * broker AND deleted or marked (stop() waits for the last batch's statement). Each row is read,
 * published with acks=all and deleted (the default) or marked once.
 *
 * details: the relay's batches and rows per batch, and the CPU one message cost over the same
 * interval: this process (relay, producer, pg client) and this database's Postgres backends (only
 * when the server runs on this machine). They vary far less than the rate on a shared machine.
 */
export async function runRelayDrain(
  ctx: ScenarioContext,
  label: string,
  onPublished?: 'mark' | 'delete',
): Promise<RunResult> {
  const topic = await ctx.createTopic(label);
  const catalog = benchCatalog(topic);
  return withOutboxDatabase(async ({ db }) => {
    await prefillOutbox(ctx, db, catalog, topic, ctx.messages);
    const producer = benchProducer(ctx, catalog, label);
    await producer.connect();
    let published = 0;
    let batches = 0;
    let allPublished!: () => void;
    const done = new Promise<void>((resolve) => (allPublished = resolve));
    const relay = createOutboxRelay({
      db,
      producer,
      ...(onPublished ? { onPublished } : {}),
      onEvent: (event) => {
        if (event.type === 'published') batches++;
        if (event.type === 'published' && (published += event.ids.length) >= ctx.messages)
          allPublished();
        if (event.type === 'publish-failed' || event.type === 'database-failed')
          ctx.log(`relay: ${event.type}: ${String(event.error)}`);
      },
    });
    try {
      const backendsBefore = await backendCpu(db);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await relay.start();
      await done;
      await relay.stop();
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const backendMs = backendCpuSpent(backendsBefore, await backendCpu(db));
      return {
        value: messagesPerSecond(ctx.messages, elapsed),
        details: {
          batches,
          rows_per_batch: round(ctx.messages / batches),
          node_cpu_us_per_msg: round((cpu.user + cpu.system) / ctx.messages),
          ...(backendMs === undefined
            ? {}
            : { postgres_cpu_us_per_msg: round((backendMs * 1000) / ctx.messages) }),
        },
      };
    } finally {
      await relay.stop();
      await producer.disconnect();
    }
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
