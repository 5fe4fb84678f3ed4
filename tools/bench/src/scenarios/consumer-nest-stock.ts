import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { fillWithEvents, HandledClock } from './nest-workload';

/**
 * Baseline for the Nest transport: the stock @nestjs/microservices Kafka transport (kafkajs
 * eachMessage, auto commit, no retries or dead letters) serving one @EventPattern handler.
 * Clock: from the first handled message to the last (see HandledClock).
 */
export const consumerNestStock: Scenario = {
  name: 'consumer.nest-stock',
  description: 'stock @nestjs/microservices Kafka transport, auto commit, one @EventPattern handler',
  metric: 'msgs_per_s',
  async run(ctx) {
    const topic = await ctx.createTopic('nest-stock');
    const producer = ctx.kafka('nest-stock-fill').producer({ createPartitioner: Partitioners.DefaultPartitioner });
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
    @Module({ controllers: [Handler] })
    class BenchModule {}

    const app: INestMicroservice = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule, {
      transport: Transport.KAFKA,
      options: {
        client: { clientId: 'bench-nest-stock', brokers: [...ctx.brokers], logLevel: 1 },
        consumer: { groupId: ctx.groupId('nest-stock') },
        subscribe: { fromBeginning: true },
        postfixId: '',
      },
      logger: false,
    });
    try {
      await app.listen();
      return await clock.result(ctx);
    } finally {
      await app.close();
    }
  },
};
