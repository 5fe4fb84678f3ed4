import { createTopicsAndWait, testKafka, uniqueName } from '@platform/testing';
import type { Admin, Consumer, Producer } from 'kafkajs';

// Proves kafkajs 2.2.4 speaks to the real broker (Kafka 4 removed old protocol versions, KIP-896):
// every admin, produce, group and offset API the platform relies on is exercised once.
describe('kafkajs against the real broker', () => {
  const kafka = testKafka('smoke');
  const topic = uniqueName('smoke.topic');
  const groupId = uniqueName('smoke-group');
  const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer();
    consumer = kafka.consumer({ groupId });
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    await admin.disconnect();
  });

  it('creates a topic with 12 partitions', async () => {
    await createTopicsAndWait(admin, [{ topic, numPartitions: 12 }]);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(12);
  });

  it('produces keyed messages with acks=all; one key always lands on one partition', async () => {
    const messages = keys.flatMap((key) => [0, 1, 2].map((n) => ({ key, value: `${key}:${n}` })));
    const acks = await producer.send({ topic, acks: -1, messages });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(60);
  });

  it('consumes in a group with manual commits and per-key order', async () => {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seen = new Map<string, { partition: number; values: string[] }>();
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const key = message.key!.toString();
            const entry = seen.get(key) ?? { partition, values: [] };
            expect(entry.partition).toBe(partition);
            entry.values.push(message.value!.toString());
            seen.set(key, entry);
            await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
            if (++count === 60) resolve();
          },
        })
        .catch(reject);
    });
    for (const key of keys) expect(seen.get(key)?.values).toEqual([`${key}:0`, `${key}:1`, `${key}:2`]);
  });

  it('describes the group and lists its committed offsets', async () => {
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0].state).toBe('Stable');
    expect(groups[0].members).toHaveLength(1);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const high = await admin.fetchTopicOffsets(topic);
    const byPartition = new Map(high.map((p) => [p.partition, p.high]));
    for (const partition of committed[0].partitions) {
      if (partition.offset !== '-1') expect(partition.offset).toBe(byPartition.get(partition.partition));
    }
    const committedTotal = committed[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(committedTotal).toBe(60);
  });

  it('deletes the topic', async () => {
    await consumer.stop();
    await admin.deleteTopics({ topics: [topic] });
    await expect(admin.listTopics()).resolves.not.toContain(topic);
  });
});
