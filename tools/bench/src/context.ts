import { uniqueName } from '@platform/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { createMessageFactory } from './payload';
import type { ScenarioContext } from './scenario';

export const BENCH_PARTITIONS = 12;
/** Every bench topic starts with this, so a leftover one (after a kill -9) is easy to spot. */
export const BENCH_TOPIC_PREFIX = 'bench.';

/** Creates the bench's topics through one admin client and deletes them again. */
export class TopicPool {
  private readonly live = new Set<string>();

  constructor(private readonly admin: Admin) {}

  async create(label: string): Promise<string> {
    const topic = uniqueName(`${BENCH_TOPIC_PREFIX}${label}`);
    this.live.add(topic);
    // kafkajs' waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker returns
    // for a moment after CreateTopics (its metadata cache and replica manager catch up separately,
    // KAFKA-15780); wait until every partition's leader answers ListOffsets instead.
    await this.admin.createTopics({
      topics: [{ topic, numPartitions: BENCH_PARTITIONS }],
      waitForLeaders: false,
    });
    await waitUntilServed(this.admin, topic, BENCH_PARTITIONS);
    return topic;
  }

  /** Deletes every topic created so far that is not deleted yet. */
  async deleteAll(): Promise<void> {
    const topics = [...this.live];
    if (topics.length === 0) return;
    await this.admin.deleteTopics({ topics });
    for (const topic of topics) this.live.delete(topic);
  }
}

const TOPIC_READY_TIMEOUT_MS = 30_000;

async function waitUntilServed(admin: Admin, topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
  for (;;) {
    let problem: string;
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      if (offsets.length === partitions) return;
      problem = `${offsets.length} of ${partitions} partitions served`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline)
      throw new Error(`Topic ${topic} is not ready after ${TOPIC_READY_TIMEOUT_MS} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ContextOptions {
  brokers: readonly string[];
  messages: number;
  topics: TopicPool;
  log: (line: string) => void;
}

export function createContext({ brokers, messages, topics, log }: ContextOptions): ScenarioContext {
  const message = createMessageFactory();
  return {
    brokers,
    messages,
    kafka: (clientId) => benchKafka(brokers, clientId),
    createTopic: (label) => topics.create(label),
    groupId: (label) => uniqueName(`bench-${label}`),
    message,
    log,
  };
}

/** kafkajs logs retriable start-up noise as ERROR; a bench reports failures by throwing instead. */
export function benchKafka(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    brokers: [...brokers],
    clientId: `bench-${clientId}`,
    logLevel: logLevel.NOTHING,
  });
}
