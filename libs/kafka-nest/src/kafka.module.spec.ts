import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defineCatalog, type EventProducer } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { KafkaModule } from './kafka.module';
import { captureLoggerMessages } from './logger-warnings.spec-helper';
import { EVENT_PRODUCER, KAFKA_ADMIN } from './tokens';

function fakeProducer(disconnect: () => Promise<void>): EventProducer {
  return { disconnect: jest.fn(disconnect) } as unknown as EventProducer;
}

function fakeAdmin(disconnect: () => Promise<void>): Admin {
  return { disconnect: jest.fn(disconnect) } as unknown as Admin;
}

describe('KafkaModule shutdown', () => {
  const errors = captureLoggerMessages('error');

  it('disconnects the admin client even when the producer fails to disconnect, and logs that failure', async () => {
    const producer = fakeProducer(() => Promise.reject(new Error('producer disconnect failed')));
    const admin = fakeAdmin(() => Promise.resolve());
    await expect(new KafkaModule(producer, admin).onApplicationShutdown()).resolves.toBeUndefined();
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([
      expect.stringMatching(/Could not disconnect the Kafka producer.*producer disconnect failed/),
    ]);
  });

  it('names every client that failed to disconnect', async () => {
    const producer = fakeProducer(() => Promise.reject(new Error('flush timed out')));
    const admin = fakeAdmin(() => Promise.reject(new Error('socket closed')));
    await new KafkaModule(producer, admin).onApplicationShutdown();
    expect(errors).toEqual([
      expect.stringMatching(/Kafka producer.*flush timed out/),
      expect.stringMatching(/Kafka admin client.*socket closed/),
    ]);
  });

  it('disconnects both when both succeed, logging nothing', async () => {
    const producer = fakeProducer(() => Promise.resolve());
    const admin = fakeAdmin(() => Promise.resolve());
    await expect(new KafkaModule(producer, admin).onApplicationShutdown()).resolves.toBeUndefined();
    expect(producer.disconnect).toHaveBeenCalledTimes(1);
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([]);
  });

  // Nest runs the modules' shutdown hooks one module after another and stops at the first that
  // rejects: a failed producer disconnect used to leave, e.g., the service's database pool open.
  it("lets the other modules' shutdown hooks run in a Nest app when a disconnect fails", async () => {
    const closed: string[] = [];
    @Global()
    @Module({})
    class DatabasePoolModule implements OnApplicationShutdown {
      onApplicationShutdown(): void {
        closed.push('database pool');
      }
    }
    // Global modules shut down last, in the reverse order of their imports: this one (a TypeORM or
    // pg pool module, say) after KafkaModule.
    @Module({ imports: [DatabasePoolModule, KafkaModule.forRoot({ connection, catalog })] })
    class AppModule {}
    const app = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(EVENT_PRODUCER)
      .useValue(fakeProducer(() => Promise.reject(new Error('broker gone'))))
      .overrideProvider(KAFKA_ADMIN)
      .useValue(fakeAdmin(() => Promise.resolve()))
      .compile();
    await app.init();
    const closing = await app.close().then(
      () => 'closed',
      (error: unknown) => error,
    );
    expect(closed).toEqual(['database pool']);
    expect(closing).toBe('closed');
    expect(errors).toEqual([expect.stringMatching(/Kafka producer.*broker gone/)]);
  });
});

const connection = { service: 'orders', clientId: 'orders-test', brokers: ['127.0.0.1:1'] };
const catalog = defineCatalog({ service: 'orders', topics: [] });
