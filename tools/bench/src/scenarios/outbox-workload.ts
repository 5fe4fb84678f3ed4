import { type Database, openDatabase } from '@platform/database';
import {
  createEventProducer,
  defineCatalog,
  type EventProducer,
  type TopicCatalog,
  type TopicDefinition,
} from '@platform/kafka';
import { createOutbox, migrateOutbox, type OutboxEvent } from '@platform/outbox';
import { createTestDatabase, resolvePostgres } from '@platform/testing';
import { BENCH_PARTITIONS } from '../context';
import type { ScenarioContext } from '../scenario';
import { KeyedBenchEvent, toEvent } from './keyed-producer-workload';

// Shared by the outbox.* and postgres.* scenarios: a fresh Postgres database per run, the bench
// topic as a catalog, and a pre-filled outbox. Nothing here is timed.

/** Rows per pre-fill transaction (one addMany statement each). */
const PREFILL_BATCH = 1_000;

let server: Promise<string> | undefined;

/** The Postgres server the integration tests use (DATABASE_URL → Docker → 127.0.0.1:5432), resolved once per bench. */
function postgresServer(): Promise<string> {
  server ??= resolvePostgres().then((resolved) => resolved.url);
  return server;
}

export interface BenchDatabase {
  db: Database;
  url: string;
}

/** Runs `work` on a new, migrated database that is dropped afterwards. */
export async function withOutboxDatabase<T>(
  work: (database: BenchDatabase) => Promise<T>,
): Promise<T> {
  const created = await createTestDatabase(await postgresServer());
  const db = await openDatabase({ url: created.url });
  try {
    await migrateOutbox(db);
    return await work({ db, url: created.url });
  } finally {
    await db.close();
    await created.drop();
  }
}

/** The bench topic as a catalog: bench names (`bench.<label>-<hex>`) skip defineTopic's naming rules. */
export function benchCatalog(topic: string): TopicCatalog {
  const definition: TopicDefinition<KeyedBenchEvent> = {
    name: topic,
    role: 'events',
    partitions: BENCH_PARTITIONS,
    cleanupPolicy: 'delete',
    key: 'bench key',
    schema: KeyedBenchEvent,
  };
  return defineCatalog({ service: 'bench', topics: [definition] });
}

export function benchProducer(
  ctx: ScenarioContext,
  catalog: TopicCatalog,
  label: string,
): EventProducer {
  return createEventProducer({ service: 'bench', catalog, kafka: ctx.kafka(label) });
}

/** The i-th bench message as an outbox event: key `key-${i % 1024}` (the aggregate), ~1 KiB JSON payload. */
export function outboxEvent(
  ctx: ScenarioContext,
  topic: string,
  index: number,
): OutboxEvent<KeyedBenchEvent> {
  const { key, data } = toEvent(ctx.message(index));
  return { topic, aggregateId: key, payload: data };
}

/** Writes `count` bench events into the outbox, as writers would have (committed, unpublished). */
export async function prefillOutbox(
  ctx: ScenarioContext,
  db: Database,
  catalog: TopicCatalog,
  topic: string,
  count: number,
): Promise<void> {
  const outbox = createOutbox({ catalog });
  for (let start = 0; start < count; start += PREFILL_BATCH) {
    const events = Array.from({ length: Math.min(PREFILL_BATCH, count - start) }, (_, i) =>
      outboxEvent(ctx, topic, start + i),
    );
    await db.transaction((tx) => outbox.addMany(tx, events));
  }
}
