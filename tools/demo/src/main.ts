/**
 * npm run demo — the README's main job. Until the reference services land it brings up a real
 * Kafka (the same broker choice as the tests: KAFKA_BROKERS → Docker → kafka-local) and prints
 * the cluster's brokers and topics.
 */
import { resolveKafkaBroker } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';

async function main(): Promise<void> {
  const log = (line: string): void => console.log(`demo: ${line}`);
  log('looking for a Kafka broker…');
  const { brokers, source, container } = await resolveKafkaBroker(log);
  const admin = new Kafka({ brokers, clientId: 'demo', logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    log(`cluster ${cluster.clusterId} via ${source} (controller: node ${cluster.controller})`);
    for (const broker of cluster.brokers) log(`  broker ${broker.nodeId}  ${broker.host}:${broker.port}`);
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__')).sort();
    log(topics.length ? `topics (${topics.length}):` : 'no topics yet');
    for (const topic of topics) log(`  ${topic}`);
    log(`KAFKA_BROKERS=${brokers.join(',')}`);
    if (source === 'kafka-local') log('the broker keeps running; stop it with: npm run kafka:down');
  } finally {
    await admin.disconnect();
    await container?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
