import { Partitioners, type Producer } from 'kafkajs';
import { Client, Pool } from 'pg';
import type { ScenarioContext } from '../scenario';
import { round } from '../stats';
import { type PendingRow, partitionsOfLoop, toMessage } from './bare-relay-rows';
import { backendCpu, backendCpuSpent } from './outbox-cpu';
import { withOutboxDatabase } from './outbox-workload';

// The bound on saga.completions' relay_ratio_pct, measured with plain pg and kafkajs in the same
// run. Every message of a saga built as the saga issue asks takes at least one "hop": written to
// an outbox in the transaction that handled the message before it, relayed, consumed, and recorded
// in an inbox in the transaction that writes the next one. Each reply (every second hop) also
// advances the saga's persisted row (state, step, version), as the orchestrator must; the
// seed inserts the rows. Here chains of MESSAGES_PER_SAGA hops do nothing else: no saga data
// changes, no participant effects, no envelope, no per-aggregate order, a relay that deletes,
// kafkajs committing after each batch, every batch one statement. A saga cannot do its mandatory
// work faster than these chains, so hops/s ÷ the relay's rate is the most relay_ratio_pct can be.

/** Relay loops (the relay's default) and rows per claim. */
const RELAY_LOOPS = 4;
const CLAIM_ROWS = 1_000;
/** Connections the consumer's batch transactions share. */
const CONSUMER_CONNECTIONS = 4;
/** How long a relay loop that found nothing waits before it looks again. */
const IDLE_POLL_MS = 2;
/** A saga command or reply is a small JSON object: this pads a hop to about that size. */
const PAD = 'x'.repeat(120);

/**
 * Any pending rows of the loop's partitions: a chain has one message in flight at a time, so
 * there is no order to keep and no ORDER BY to pay for.
 */
const CLAIM = `
SELECT id, aggregateid, topic, payload::text AS payload
FROM outbox
WHERE vpartition = ANY($1::int[]) AND published_at IS NULL AND failed_at IS NULL
LIMIT $2
FOR UPDATE SKIP LOCKED`;

const DELETE = 'DELETE FROM outbox WHERE id = ANY($1::uuid[])';

const CREATE_SAGAS =
  'CREATE TABLE chain_sagas (id text PRIMARY KEY, state text NOT NULL, step int NOT NULL, version int NOT NULL, data jsonb NOT NULL)';

/** Starts the chains as a saga starts: its row and its first command, in one transaction. */
const SEED = `
WITH started AS (
  INSERT INTO chain_sagas (id, state, step, version, data)
  SELECT 'chain-' || i, 'running', 0, 0, jsonb_build_object('pad', $3::text)
  FROM generate_series(1, $2) AS i
  RETURNING id
)
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, topic)
SELECT gen_random_uuid(), 'chain', id, 'hop', jsonb_build_object('hop', 0, 'pad', $3::text), $1
FROM started`;

/**
 * One statement, so one transaction: record the batch's events in the inbox; for each one that
 * was new, advance its saga's row when it is a reply (odd hop), and write the next hop to the
 * outbox unless it was the chain's last. Returns how many were new.
 */
const HANDLE_BATCH = `
WITH fresh AS (
  INSERT INTO inbox (consumer_group, event_id, topic, kafka_partition, kafka_offset)
  SELECT $1, m.id, $2, $3, m.kafka_offset
  FROM unnest($4::text[], $5::text[]) AS m(id, kafka_offset)
  ON CONFLICT DO NOTHING
  RETURNING event_id
), batch AS (
  SELECT m.* FROM unnest($4::text[], $6::text[], $7::int[]) AS m(id, chain, hop)
  JOIN fresh ON fresh.event_id = m.id
), advanced AS (
  UPDATE chain_sagas AS s
  SET step = b.hop + 1, version = s.version + 1,
      state = CASE WHEN b.hop + 1 < $9 THEN 'running' ELSE 'completed' END
  FROM batch AS b
  WHERE s.id = b.chain AND b.hop % 2 = 1
), next_hop AS (
  INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, topic)
  SELECT gen_random_uuid(), 'chain', b.chain, 'hop', jsonb_build_object('hop', b.hop + 1, 'pad', $8::text), $2
  FROM batch AS b
  WHERE b.hop + 1 < $9
)
SELECT count(*)::int AS fresh FROM fresh`;

export interface HopChainResult {
  hopsPerSecond: number;
  /** This process's CPU and the database's Postgres backends' CPU per hop. */
  nodeCpuUsPerHop: number;
  postgresCpuUsPerHop?: number;
}

/** Runs `chains` chains of `hops` hops each, all started at once; timed from the seed's commit to the last hop's inbox row. */
export async function runHopChains(
  ctx: ScenarioContext,
  chains: number,
  hops: number,
): Promise<HopChainResult> {
  const topic = await ctx.createTopic('saga-hops');
  return withOutboxDatabase(async ({ db, url }) => {
    const kafka = ctx.kafka('saga-hops');
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const groupId = ctx.groupId('saga-hops');
    const consumer = kafka.consumer({ groupId });
    const relayClients = Array.from(
      { length: RELAY_LOOPS },
      () => new Client({ connectionString: url }),
    );
    // Partitions are handled concurrently: one connection each would be too many, one in all a queue.
    const consumerPool = new Pool({ connectionString: url, max: CONSUMER_CONNECTIONS });
    await Promise.all([
      producer.connect(),
      consumer.connect(),
      ...relayClients.map((c) => c.connect()),
    ]);
    let stopped = false;
    try {
      let handled = 0;
      let allHandled!: () => void;
      let failed!: (error: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        allHandled = resolve;
        failed = reject;
      });
      // The clock starts with the seed: the group's first join (seconds) is not a hop's cost.
      const joined = new Promise<void>((resolve) =>
        consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
      );
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 12,
        eachBatch: async ({ batch }) => {
          const ids: string[] = [];
          const offsets: string[] = [];
          const chainsOf: string[] = [];
          const hopsOf: number[] = [];
          for (const message of batch.messages) {
            const { hop } = JSON.parse(message.value!.toString()) as { hop: number };
            ids.push(message.headers!.ce_id!.toString());
            offsets.push(message.offset);
            chainsOf.push(message.key!.toString());
            hopsOf.push(hop);
          }
          try {
            const { rows } = await consumerPool.query<{ fresh: number }>(HANDLE_BATCH, [
              groupId,
              topic,
              batch.partition,
              ids,
              offsets,
              chainsOf,
              hopsOf,
              PAD,
              hops,
            ]);
            if ((handled += rows[0].fresh) >= chains * hops) allHandled();
          } catch (error) {
            failed(error);
            throw error;
          }
        },
      });
      await db.exec(CREATE_SAGAS);
      await joined;
      const backendsBefore = await backendCpu(db);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await db.query(SEED, [topic, chains, PAD]);
      const loops = relayClients.map((client, loop) =>
        relayLoop(client, producer, partitionsOfLoop(loop, RELAY_LOOPS), () => stopped),
      );
      await Promise.race([done, ...loops.map((loop) => loop.then(() => done))]);
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const backendMs = backendCpuSpent(backendsBefore, await backendCpu(db));
      stopped = true;
      await Promise.all(loops);
      const { rows: completed } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM chain_sagas WHERE state = 'completed' AND version = $1",
        [hops / 2],
      );
      if (completed[0].n !== chains)
        throw new Error(`${completed[0].n} of ${chains} chains completed their saga row`);
      const total = chains * hops;
      return {
        hopsPerSecond: total / (elapsed / 1000),
        nodeCpuUsPerHop: round((cpu.user + cpu.system) / total, 1),
        ...(backendMs === undefined
          ? {}
          : { postgresCpuUsPerHop: round((backendMs * 1000) / total, 1) }),
      };
    } finally {
      stopped = true;
      await consumer.disconnect();
      await producer.disconnect();
      await Promise.all([consumerPool.end(), ...relayClients.map((c) => c.end())]);
    }
  });
}

/** Claims, sends (one acks=all request), deletes and commits until told to stop. */
async function relayLoop(
  client: Client,
  producer: Producer,
  partitions: number[],
  stopped: () => boolean,
): Promise<void> {
  while (!stopped()) {
    await client.query('BEGIN');
    const { rows } = await client.query<PendingRow>(CLAIM, [partitions, CLAIM_ROWS]);
    if (rows.length > 0) {
      await producer.send({
        topic: rows[0].topic,
        acks: -1,
        messages: rows.map((row) => toMessage(row, true)),
      });
      await client.query(DELETE, [rows.map((row) => row.id)]);
    }
    await client.query('COMMIT');
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
  }
}
