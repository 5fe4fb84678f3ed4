import { testKafka, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { createTopicsAndWait } from './create-topics';

describe('createTopicsAndWait', () => {
  const topic = uniqueName('create.order.created');
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka('create-topics-test').admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('says a topic that existed already has fewer partitions than asked, instead of that they did not answer', async () => {
    await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
    await expect(createTopicsAndWait(admin, [{ topic, numPartitions: 3 }], 1_000)).rejects.toThrow(
      `Topic ${topic} existed already, with 1 partition(s) where 3 were asked for: creating a topic leaves an existing one as it is.`,
    );
  });
});
