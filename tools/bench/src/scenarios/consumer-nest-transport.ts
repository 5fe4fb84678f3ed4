import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { createTopicsAndWait, defineCatalog, defineTopic, ensureConsumerTopics } from '@platform/kafka';
import { KafkaModule, KafkaTransport } from '@platform/kafka-nest';
import { uniqueName } from '@platform/testing';
import { Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { BenchEvent, fillWithEvents, HandledClock } from './nest-workload';

const PARTITIONS = 12;

/**
 * Our Nest transport on the same workload as consumer.nest-stock: manual commits (batched),
 * envelope decoding and schema validation, retries and a dead-letter topic armed.
 */
export const consumerNestTransport: Scenario = {
  name: 'consumer.nest-transport',
  description: 'our KafkaTransport: manual commit, schema check, retries and DLT armed, one @EventPattern handler',
  metric: 'msgs_per_s',
  baseline: 'consumer.nest-stock',
  target: '>= 1.0',
  async run(ctx) {
    const service = 'bench';
    // Catalog topics follow the naming rules, which the bench's own topic names do not.
    const topic = `bench.${uniqueName('n').replace('-', '')}.created`;
    const catalog = defineCatalog({ service, topics: [defineTopic({ name: topic, partitions: PARTITIONS, key: 'bench key', schema: BenchEvent })] });
    const admin = ctx.kafka('nest-transport-admin').admin();
    await admin.connect();
    const subscriptions = [{ topic }];
    const retry = { retryTopicDelaysMs: [] as number[] };
    try {
      await createTopicsAndWait(admin, [{ topic, numPartitions: PARTITIONS }]);
      await ensureConsumerTopics(admin, { service, catalog, subscriptions, retry });
      const producer = ctx.kafka('nest-transport-fill').producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await fillWithEvents(ctx, producer, topic).finally(() => producer.disconnect());

      const clock = new HandledClock();
      @Controller()
      class Handler {
        @EventPattern(topic)
        async handle(): Promise<void> {
          clock.handled();
        }
      }
      @Module({
        imports: [
          KafkaModule.forRoot({
            connection: { service, brokers: [...ctx.brokers], clientId: 'bench.nest-transport' },
            catalog,
            consumer: { retry, session: { maxWaitTimeMs: 100 } },
          }),
        ],
        controllers: [Handler],
      })
      class BenchModule {}

      // The way a generated service runs it: an app (no HTTP listener needed here) with the transport connected.
      const app: INestApplication = await NestFactory.create(BenchModule, { logger: false });
      app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true });
      try {
        await app.startAllMicroservices();
        return await clock.result(ctx);
      } finally {
        await app.close();
      }
    } finally {
      const ours = (await admin.listTopics()).filter((name) => name.startsWith(topic));
      await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect();
    }
  },
};
