import { type BeforeApplicationShutdown, Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defineCatalog, type EventProducer } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { KafkaModule } from '../kafka.module';
import { EVENT_PRODUCER, KAFKA_ADMIN } from '../tokens';
import { KafkaTransport } from './kafka-transport';

const connection = { service: 'orders', clientId: 'orders-test', brokers: ['127.0.0.1:1'] };
const catalog = defineCatalog({ service: 'orders', topics: [] });

describe('KafkaTransport at application shutdown', () => {
  // SagaModule and OutboxModule stop what they run in beforeApplicationShutdown; Nest closes a
  // connected transport only after that phase, so a consumer left to Nest would hand them
  // messages they can only refuse.
  it("stops its consumer before any module's beforeApplicationShutdown, in a hybrid app as createKafkaApp connects it", async () => {
    const steps: string[] = [];
    @Global()
    @Module({})
    class StopsWorkModule implements BeforeApplicationShutdown {
      beforeApplicationShutdown(): void {
        steps.push('beforeApplicationShutdown');
      }
    }
    @Module({ imports: [KafkaModule.forRoot({ connection, catalog }), StopsWorkModule] })
    class AppModule {}

    // No broker: clients that need none, and a consumer that only says when it is stopped, set
    // where listen() would.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(EVENT_PRODUCER)
      .useValue({ disconnect: async () => undefined } as unknown as EventProducer)
      .overrideProvider(KAFKA_ADMIN)
      .useValue({ disconnect: async () => undefined } as unknown as Admin)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const transport = app.get(KafkaTransport);
    app.connectMicroservice({ strategy: transport });
    await app.init();
    (transport as unknown as { consumer: { stop(): Promise<void> } }).consumer = {
      stop: async () => void steps.push('consumer stopped'),
    };

    await app.close();
    expect(steps).toEqual(['consumer stopped', 'beforeApplicationShutdown']);
  });
});
