import { NamingError } from '@platform/naming';
import { UnknownTopicError } from '../errors';
import { MissingTopicsError } from './consumer-errors';
import { createKafkaEventConsumer, type KafkaEventConsumerOptions } from './kafkajs-event-consumer';
import { createTestTopology, fastSession, silentLogger, type TestTopology } from './consumer.spec-helper';

describe('manual-commit consumer: startup checks', () => {
  let topology: TestTopology;
  let options: KafkaEventConsumerOptions;

  beforeAll(async () => {
    topology = await createTestTopology(1);
    options = {
      kafka: topology.kafka,
      service: topology.service,
      catalog: topology.catalog,
      subscriptions: [{ topic: topology.topic, handler: async () => undefined }],
      logger: silentLogger,
    };
  });

  afterAll(async () => {
    await topology.admin.disconnect();
  });

  function creationError(override: Partial<KafkaEventConsumerOptions>): unknown {
    try {
      createKafkaEventConsumer({ ...options, ...override });
    } catch (error) {
      return error;
    }
    throw new Error('expected createKafkaEventConsumer to throw');
  }

  it('refuses an invalid topic name, naming the rule it broke', () => {
    const error = creationError({
      subscriptions: [{ topic: 'orders.order.create', handler: async () => undefined }],
    });
    expect(error).toBeInstanceOf(NamingError);
    expect((error as NamingError).rule).toBe('past-tense');
    expect((error as Error).message).toContain('(rule: past-tense). Example: orders.order.created');
  });

  it('refuses a derived topic subscribed directly', () => {
    const error = creationError({
      subscriptions: [{ topic: `${topology.topic}.dlt.billing`, handler: async () => undefined }],
    });
    expect((error as NamingError).rule).toBe('segment-count');
  });

  it('refuses an invalid service name, naming the rule it broke', () => {
    expect((creationError({ service: 'Billing' }) as NamingError).rule).toBe('lowercase');
  });

  it('refuses a valid topic that is missing from the catalog', () => {
    const error = creationError({
      subscriptions: [{ topic: 'orders.order.shipped', handler: async () => undefined }],
    });
    expect(error).toBeInstanceOf(UnknownTopicError);
    expect((error as Error).message).toContain(
      `Unknown topic "orders.order.shipped": it is not in the topic catalog.`,
    );
  });

  it('does not start while its retry and dead-letter topics are missing on the cluster', async () => {
    const consumer = createKafkaEventConsumer({
      ...options,
      retry: { retryTopicDelaysMs: [1_000] },
    });
    const start = consumer.start();
    await expect(start).rejects.toBeInstanceOf(MissingTopicsError);
    await expect(start).rejects.toThrow(
      `missing topic(s) ${topology.topic}.retry.${topology.service}.1, ${topology.topic}.dlt.${topology.service}`,
    );
  });

  it('stopped while it starts (a SIGTERM during start-up): start resolves and nothing stays in the group', async () => {
    const derived = [`${topology.topic}.dlt.${topology.service}`];
    try {
      // Stopped at different points of start-up: topic checks, connecting, joining.
      for (const afterMs of [0, 150, 600]) {
        const consumer = createKafkaEventConsumer({
          ...options,
          retry: { retryTopicDelaysMs: [] },
          createDerivedTopics: true,
          session: fastSession,
        });
        const start = consumer.start();
        await new Promise((resolve) => setTimeout(resolve, afterMs));
        await consumer.stop();
        await expect(start).resolves.toBeUndefined();
        // A start that carried on after stop() would join the group a moment later.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const { groups } = await topology.admin.describeGroups([topology.service]);
        expect({ afterMs, members: groups[0]?.members ?? [] }).toEqual({ afterMs, members: [] });
      }
    } finally {
      await topology.admin.deleteTopics({ topics: derived }).catch(() => undefined);
    }
  });

  it('creates its missing retry and dead-letter topics with createDerivedTopics, then starts', async () => {
    const consumer = createKafkaEventConsumer({
      ...options,
      retry: { retryTopicDelaysMs: [2_000] },
      createDerivedTopics: true,
    });
    const derived = [`${topology.topic}.retry.${topology.service}.1`, `${topology.topic}.dlt.${topology.service}`];
    try {
      await consumer.start();
      const { topics } = await topology.admin.fetchTopicMetadata({ topics: [topology.topic, ...derived] });
      const partitions = topics.map((topic) => topic.partitions.length);
      // Both derived topics exist, shaped like their source.
      expect(partitions).toEqual([partitions[0], partitions[0], partitions[0]]);
    } finally {
      await consumer.stop();
      await topology.admin.deleteTopics({ topics: derived }).catch(() => undefined);
    }
  });
});
