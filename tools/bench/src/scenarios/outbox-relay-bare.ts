import { Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import type { RunResult, Scenario, ScenarioContext } from '../scenario';
import { messagesPerSecond } from '../stats';
import { type PendingRow, partitionsOfLoop, toMessage } from './bare-relay-rows';
import { backendCpu, backendCpuSpent } from './outbox-cpu';
import { benchCatalog, prefillOutbox, withOutboxDatabase } from './outbox-workload';

/** Batch loops, each on its own connection, and rows per batch: the relay's defaults. */
export const BARE_RELAY_LOOPS = 4;
export const BARE_RELAY_BATCH = 1_000;

/** One virtual partition's oldest pending rows: a range scan of the outbox_pending index, no sort. */
const CLAIM = `
SELECT id, aggregateid, topic, payload::text AS payload
FROM outbox
WHERE vpartition = $1 AND published_at IS NULL AND failed_at IS NULL
ORDER BY seq
LIMIT $2
FOR UPDATE SKIP LOCKED`;

/** The two ends the issue allows for a published batch, one statement each. */
const END_STATEMENT = {
  delete: 'DELETE FROM outbox WHERE id = ANY($1::uuid[])',
  mark: 'UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])',
} as const;
type BatchEnd = keyof typeof END_STATEMENT;

/**
 * The bound on outbox.relay measured as a rate: the least work any relay the outbox issue allows
 * must do per row, written with plain pg and kafkajs (none of our code). Per batch: BEGIN, claim
 * the oldest 1,000 pending rows of one virtual partition FOR UPDATE SKIP LOCKED (the issue names
 * it), send them in one acks=all request as key + stored payload text, DELETE them in one
 * statement (the cheaper of the two ends the issue allows), COMMIT. Four loops on disjoint
 * partitions, as the relay's four loops.
 *
 * It does less than a correct relay must, which only makes the bound generous: no envelope or
 * tracing headers, no per-aggregate order across relay instances (no partition claim), no
 * retention, no retries, no poison rows. Its ratio to producer.raw is the most outbox.relay can
 * reach on this machine; a target above it is out of reach for any implementation that keeps
 * the outbox in Postgres.
 */
export const outboxRelayBare: Scenario = {
  name: 'outbox.relay-bare',
  description:
    'bound on the relay: plain pg + kafkajs, claim 1,000 rows FOR UPDATE SKIP LOCKED, one acks=all send, DELETE, commit; 4 loops',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  run: (ctx) => runBareRelay(ctx, 'delete'),
};

/**
 * outbox.relay-bare marking the batch published (UPDATE … published_at) instead of deleting it:
 * the bound on a relay that keeps published rows for a retention period (the relay's default).
 */
export const outboxRelayBareMark: Scenario = {
  name: 'outbox.relay-bare-mark',
  description:
    'outbox.relay-bare with UPDATE published_at instead of DELETE (bound with retention)',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  run: (ctx) => runBareRelay(ctx, 'mark'),
};

async function runBareRelay(ctx: ScenarioContext, end: BatchEnd): Promise<RunResult> {
  const label = `outbox-relay-bare-${end}`;
  const topic = await ctx.createTopic(label);
  return withOutboxDatabase(async ({ db, url }) => {
    await prefillOutbox(ctx, db, benchCatalog(topic), topic, ctx.messages);
    const clients = Array.from(
      { length: BARE_RELAY_LOOPS },
      () => new Client({ connectionString: url }),
    );
    const producer = ctx
      .kafka(label)
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([producer.connect(), ...clients.map((client) => client.connect())]);
    try {
      const backendsBefore = await backendCpu(db);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const counts = await Promise.all(
        clients.map((client, loop) =>
          drainPartitions(
            client,
            producer,
            partitionsOfLoop(loop, BARE_RELAY_LOOPS),
            END_STATEMENT[end],
          ),
        ),
      );
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const backendMs = backendCpuSpent(backendsBefore, await backendCpu(db));
      const relayed = counts.reduce((sum, count) => sum + count, 0);
      if (relayed !== ctx.messages)
        throw new Error(`the bare relay moved ${relayed} of ${ctx.messages} rows`);
      return {
        value: messagesPerSecond(relayed, elapsed),
        details: {
          node_cpu_us_per_msg: round((cpu.user + cpu.system) / relayed),
          ...(backendMs === undefined
            ? {}
            : { postgres_cpu_us_per_msg: round((backendMs * 1000) / relayed) }),
        },
      };
    } finally {
      await producer.disconnect();
      await Promise.all(clients.map((client) => client.end()));
    }
  });
}

/** Relays every pending row of `partitions`, batch after batch; returns how many it moved. */
async function drainPartitions(
  client: Client,
  producer: Producer,
  partitions: readonly number[],
  endStatement: string,
): Promise<number> {
  let moved = 0;
  for (const partition of partitions) {
    for (;;) {
      await client.query('BEGIN');
      const { rows } = await client.query<PendingRow>(CLAIM, [partition, BARE_RELAY_BATCH]);
      if (rows.length > 0) {
        await producer.send({
          topic: rows[0].topic,
          acks: -1,
          messages: rows.map((row) => toMessage(row)),
        });
        await client.query(endStatement, [rows.map((row) => row.id)]);
      }
      await client.query('COMMIT');
      moved += rows.length;
      if (rows.length < BARE_RELAY_BATCH) break;
    }
  }
  return moved;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
