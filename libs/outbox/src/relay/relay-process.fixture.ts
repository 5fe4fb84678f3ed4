/**
 * A relay in a process of its own, for the crash test (relay-crash.int.spec.ts), started as
 * `node -r @swc-node/register relay-process.fixture.ts`. Configured by environment:
 *   OUTBOX_DATABASE_URL | OUTBOX_PGLITE_DIR   the database
 *   KAFKA_BROKERS, OUTBOX_TOPIC               where to publish
 *   OUTBOX_PAUSE_AFTER_PUBLISH=1              after the broker acknowledged a batch, print
 *                                             "published <ids>" and wait forever before marking
 *                                             (the parent kills -9 here)
 * Without the pause it publishes until the outbox is empty, prints "drained" and exits 0.
 */
import { openDatabase } from '@platform/database';
import { createEventProducer, defineCatalog, defineTopic } from '@platform/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { orderPlaced } from '../outbox.spec-helper';
import { createOutboxRelay } from './outbox-relay';
import { outboxStats } from './outbox-stats';

async function main(): Promise<void> {
  const env = process.env;
  const db = await openDatabase(
    env.OUTBOX_PGLITE_DIR
      ? { dataDir: env.OUTBOX_PGLITE_DIR }
      : { url: required('OUTBOX_DATABASE_URL') },
  );
  const topic = required('OUTBOX_TOPIC');
  const catalog = defineCatalog({
    service: 'orders',
    topics: [defineTopic({ name: topic, partitions: 3, key: 'order id', schema: orderPlaced })],
  });
  const kafka = new Kafka({
    brokers: required('KAFKA_BROKERS').split(','),
    clientId: 'relay-fixture',
    logLevel: logLevel.NOTHING,
  });
  const producer = createEventProducer({ service: 'orders', catalog, kafka });
  const pause = env.OUTBOX_PAUSE_AFTER_PUBLISH === '1';
  const relay = createOutboxRelay({
    db,
    producer,
    pollIntervalMs: 50,
    afterPublish: async (ids) => {
      process.stdout.write(`published ${ids.join(',')}\n`);
      if (pause) await new Promise<never>(() => undefined);
    },
  });
  await relay.start();
  if (pause) return;
  while ((await outboxStats(db)).backlog > 0)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await relay.stop();
  await producer.disconnect();
  await db.close();
  process.stdout.write('drained\n');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `relay fixture failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
