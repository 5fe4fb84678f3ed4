import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { EnvelopeHeader } from '../envelope';
import { defineCatalog, defineTopic } from '../topics';
import type { PartitionCommit } from './commit-tracker';
import { consumerDerivedTopics } from './consumer-topics';
import type { ConsumedMessage } from './dead-letter';
import type { ConsumerEvent } from './event-consumer';
import { createKafkaEventConsumer } from './kafkajs-event-consumer';

// kafkajs emits REBALANCING and then rejoins at once: it does not wait for its listeners. The
// consumer's flush of finished offsets there may therefore still be queued (behind a commit in
// flight) when the group has a new generation. A fake kafkajs scripts that order exactly.
const TOPIC = 'orders.order.created';
const catalog = defineCatalog({
  service: 'orders',
  topics: [defineTopic({ name: TOPIC, partitions: 2, key: 'order id', schema: z.unknown() })],
});
const subscriptionOptions = {
  service: 'billing',
  catalog,
  subscriptions: [{ topic: TOPIC, handler: async () => undefined }],
  retry: { retryTopicDelaysMs: [] },
};

function message(offset: number): ConsumedMessage {
  return {
    offset: String(offset),
    key: Buffer.from('order-1'),
    value: Buffer.from('{}'),
    timestamp: '1700000000000',
    headers: {
      [EnvelopeHeader.Id]: `id-${offset}`,
      [EnvelopeHeader.Type]: TOPIC,
      [EnvelopeHeader.Source]: '/services/orders',
      [EnvelopeHeader.SpecVersion]: '1.0',
      [EnvelopeHeader.ContentType]: 'application/json',
    },
  };
}

interface SentCommit {
  /** The group generation kafkajs would send it under: its offset manager's at send time. */
  generation: number;
  commits: PartitionCommit[];
}

type Batch = (payload: unknown) => Promise<void>;

/** kafkajs as the consumer uses it, driven by the test: batches, rebalances and commit replies. */
function fakeKafka() {
  const listeners = new Map<string, (event: { payload: unknown }) => void>();
  const sent: SentCommit[] = [];
  const replies: { resolve(): void; reject(error: Error): void }[] = [];
  let generation = 1;
  let holdCommits = false;
  let eachBatch: Batch | undefined;
  const topics = [TOPIC, ...consumerDerivedTopics(subscriptionOptions).map(({ name }) => name)];
  const kafka = {
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => topics,
    }),
    producer: () => ({ connect: async () => undefined, disconnect: async () => undefined }),
    consumer: () => ({
      events: { REBALANCING: 'rebalancing', GROUP_JOIN: 'group_join', CRASH: 'crash' },
      on: (name: string, listener: (event: { payload: unknown }) => void) =>
        listeners.set(name, listener),
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (options: { eachBatch: Batch }) => {
        eachBatch = options.eachBatch;
      },
      stop: async () => undefined,
      disconnect: async () => undefined,
      pause: () => undefined,
      resume: () => undefined,
    }),
  } as unknown as Kafka;

  return {
    kafka,
    sent,
    replies,
    holdCommits: (hold: boolean) => (holdCommits = hold),
    /** One fetched batch of `partition` with these offsets, handled to the end. */
    batch: async (partition: number, offsets: number[]) =>
      eachBatch!({
        batch: {
          topic: TOPIC,
          partition,
          messages: offsets.map(message),
          lastOffset: () => String(offsets[offsets.length - 1]),
        },
        resolveOffset: () => undefined,
        heartbeat: async () => undefined,
        isRunning: () => true,
        commitOffsetsIfNecessary: ({ topics: byTopic }: { topics: CommitsByTopic }) => {
          sent.push({ generation, commits: flatten(byTopic) });
          if (!holdCommits) return Promise.resolve();
          return new Promise<void>((resolve, reject) => replies.push({ resolve, reject }));
        },
      }),
    rebalancing: () => listeners.get('rebalancing')!({ payload: {} }),
    /** The rejoin completed: kafkajs' offset manager now commits under the next generation. */
    joined: () => {
      generation += 1;
      listeners.get('group_join')!({ payload: { memberId: 'm', memberAssignment: {} } });
    },
  };
}

type CommitsByTopic = { topic: string; partitions: { partition: number; offset: string }[] }[];

function flatten(byTopic: CommitsByTopic): PartitionCommit[] {
  return byTopic.flatMap(({ topic, partitions }) =>
    partitions.map(({ partition, offset }) => ({ topic, partition, offset })),
  );
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function startedConsumer(intervalMs = 60_000) {
  const fake = fakeKafka();
  const events: ConsumerEvent[] = [];
  const logged: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const log =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void =>
      void logged.push({ level, message, details });
  const consumer = createKafkaEventConsumer({
    ...subscriptionOptions,
    kafka: fake.kafka,
    commit: { mode: 'interval', intervalMs },
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    onEvent: (event) => events.push(event),
  });
  await consumer.start();
  return { fake, events, logged, consumer };
}

describe('the commit before a rebalance (kafkajs REBALANCING)', () => {
  it('commits what was finished under the generation that finished it', async () => {
    const { fake, events, consumer } = await startedConsumer();
    await fake.batch(0, [0, 1]);
    await fake.batch(1, [0, 1, 2]);
    fake.rebalancing();
    await settle();
    fake.joined();
    expect(fake.sent).toEqual([
      {
        generation: 1,
        commits: [
          { topic: TOPIC, partition: 0, offset: '2' },
          { topic: TOPIC, partition: 1, offset: '3' },
        ],
      },
    ]);
    expect(events.filter((event) => event.type === 'committed')).toHaveLength(1);
    await consumer.stop();
  });

  it('never sends it under the next generation when it was still queued, and says which offsets come again', async () => {
    const { fake, events, logged, consumer } = await startedConsumer(20);
    await fake.batch(0, [0, 1]);
    // The interval's commit is in flight (a slow coordinator) when the group starts rebalancing.
    fake.holdCommits(true);
    while (fake.sent.length === 0) await settle();
    expect(fake.sent).toEqual([
      { generation: 1, commits: [{ topic: TOPIC, partition: 0, offset: '2' }] },
    ]);
    await fake.batch(1, [0, 1, 2]);
    fake.rebalancing();
    fake.joined();
    fake.holdCommits(false);
    fake.replies[0].resolve();
    await settle();
    await consumer.stop();
    // Sent after the rejoin, kafkajs would commit them under the new generation, for partitions
    // another member may own now and have moved past: its offsets would go backwards.
    expect(fake.sent.filter(({ generation }) => generation > 1)).toEqual([]);
    expect(events).toContainEqual({
      type: 'commit-failed',
      commits: [{ topic: TOPIC, partition: 1, offset: '3' }],
      error: expect.any(Error),
    });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/orders\.order\.created\[1\] offset 3.*redelivered/),
      }),
    );
  });

  it('reports a commit the coordinator refused, naming its offsets', async () => {
    const { fake, events, logged, consumer } = await startedConsumer();
    await fake.batch(1, [0, 1, 2]);
    fake.holdCommits(true);
    fake.rebalancing();
    await settle();
    fake.replies[0].reject(new Error('The provided generation id is not the current generation'));
    await settle();
    fake.joined();
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'commit-failed',
        commits: [{ topic: TOPIC, partition: 1, offset: '3' }],
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/orders\.order\.created\[1\] offset 3.*redelivered/),
      }),
    );
    fake.holdCommits(false);
    await consumer.stop();
  });
});
