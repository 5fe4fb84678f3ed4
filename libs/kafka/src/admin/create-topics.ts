import type { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates topics and waits until every partition answers a ListOffsets request.
 * kafkajs' `waitForLeaders: true` gives up when a broker briefly says "This server does not host
 * this topic-partition" right after creation (its metadata cache is ahead of its replica manager,
 * KAFKA-15780), which made tests flaky; polling the partitions themselves does not.
 */
export async function createTopicsAndWait(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  // false: some topic existed already, which Kafka leaves as it is (its partition count included).
  const allCreated = await admin.createTopics({ topics, waitForLeaders: false });
  const deadline = Date.now() + timeoutMs;
  for (const { topic, numPartitions } of topics) {
    let answered: number | undefined;
    for (;;) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        answered = offsets.length;
        if (numPartitions === undefined || numPartitions < 0 || offsets.length >= numPartitions) break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline && !allCreated && answered !== undefined) {
        throw new Error(
          `Topic ${topic} existed already, with ${answered} partition(s) where ${numPartitions} were asked for: creating a topic leaves an existing one as it is.`,
        );
      }
      if (Date.now() > deadline) throw new Error(`Topic ${topic} was created but its partitions did not answer within ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
