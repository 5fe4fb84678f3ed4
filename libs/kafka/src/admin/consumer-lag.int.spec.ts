import { createTopicsAndWait, testKafka, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { consumerLag } from './consumer-lag';

describe('consumerLag', () => {
  const kafka = testKafka('lag-test');
  const topic = uniqueName('lag.order.created');
  const groupId = uniqueName('lag-group');
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic, numPartitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, partition: i % 2 })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('counts everything as lag before the group commits, then what is left after a commit', async () => {
    expect((await consumerLag(admin, groupId, [topic])).map((p) => p.lag)).toEqual([5n, 5n]);
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '3' }] });
    const lag = await consumerLag(admin, groupId, [topic]);
    expect(lag).toEqual([
      { topic, partition: 0, highWatermark: 5n, committed: 3n, lag: 2n },
      { topic, partition: 1, highWatermark: 5n, committed: undefined, lag: 5n },
    ]);
  });
});
