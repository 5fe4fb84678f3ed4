import { resolveKafkaBroker } from './kafka-broker';
import { resolvePostgres } from './postgres';
import { startedResources } from './started-resources';

/**
 * Runs once per Jest run, before the workers start: workers inherit the env vars set here,
 * so every suite talks to the same real broker and Postgres server.
 * A missing broker throws here and fails the run; it is never a skip.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string): void => console.log(`[testing] ${line}`);
  // kafkajs warns about its v2 partitioner change on every stock producer; the platform picks its own.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const kafka = await resolveKafkaBroker(log);
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  if (kafka.container) startedResources.push(kafka.container);
  try {
    const postgres = await resolvePostgres(log);
    process.env.DATABASE_URL = postgres.url;
    if (postgres.container) startedResources.push(postgres.container);
    log(`Kafka ${process.env.KAFKA_BROKERS} (${kafka.source}), Postgres (${postgres.source})`);
  } catch (error) {
    // Jest runs no global teardown after a failed setup: the broker container would outlive the run.
    // Its own failure to stop must not hide why the setup failed.
    const started = startedResources.splice(0);
    await Promise.all(started.map((container) => container.stop().catch(() => undefined)));
    throw error;
  }
}
