import { Controller, Module } from '@nestjs/common';
import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, type MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { createTopicsAndWait, testBrokers, testKafka, uniqueName } from '@platform/testing';

const topic = uniqueName('smoke.nest');
const received: unknown[] = [];
let onReceived: () => void = () => undefined;

@Controller()
class SmokeController {
  @EventPattern(topic)
  handle(@Payload() payload: unknown): void {
    received.push(payload);
    onReceived();
  }
}

@Module({ controllers: [SmokeController] })
class SmokeModule {}

// The stock @nestjs/microservices Kafka transport, unchanged: proves Nest 11 + kafkajs + Kafka 4 talk.
describe('a NestJS microservice on the Kafka transport', () => {
  const admin = testKafka('smoke-nest-admin').admin();
  let app: INestMicroservice;

  beforeAll(async () => {
    await admin.connect();
    // Topics are never auto-created on this cluster: create it as a service's topic plan would.
    await createTopicsAndWait(admin, [{ topic, numPartitions: 3 }]);
    app = await NestFactory.createMicroservice<MicroserviceOptions>(SmokeModule, {
      transport: Transport.KAFKA,
      options: {
        client: { clientId: 'smoke-nest', brokers: testBrokers() },
        consumer: { groupId: uniqueName('smoke-nest') },
        subscribe: { fromBeginning: true },
        postfixId: '',
      },
      logger: ['error', 'warn'],
    });
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('receives an event produced by a plain kafkajs producer', async () => {
    const arrived = new Promise<void>((resolve) => (onReceived = resolve));
    const producer = testKafka('smoke-nest-producer').producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'order-1', value: JSON.stringify({ orderId: 'order-1', total: 42 }) }] });
    await producer.disconnect();
    await arrived;
    expect(received).toEqual([{ orderId: 'order-1', total: 42 }]);
  });
});
