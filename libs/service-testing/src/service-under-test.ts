import type { INestApplication, LogLevel, NestInterceptor } from '@nestjs/common';
import {
  consumerDerivedTopics,
  ensureConsumerTopics,
  type EventProducer,
  findMissingTopics,
  type TopicCatalog,
} from '@platform/kafka';
import { EVENT_PRODUCER, type KafkaTransportOptions } from '@platform/kafka-nest';
import {
  createTestDatabase,
  createTopicsAndWait,
  testBrokers,
  testKafka,
  type TestDatabase,
  uniqueName,
  waitFor,
} from '@platform/testing';
import type { Admin } from 'kafkajs';
import { FinishedHandlers } from './finished-handlers';
import { runConsumer, runSubscriptions } from './run-consumer';

/** Quick retries and short fetch waits: a failing handler reaches its retry topic in a test's time. */
export const TEST_CONSUMER: KafkaTransportOptions = {
  retry: { inPlaceAttempts: 2, backoff: { baseMs: 10, maxMs: 50 }, retryTopicDelaysMs: [500] },
  session: { maxWaitTimeMs: 100 },
};

/** What the harness hands the test's createApp: the app's configuration for this run. */
export interface TestAppSettings {
  /** This run's service name: the consumer group and the retry/dead-letter topics are its own. */
  service: string;
  brokers: string[];
  clientId: string;
  consumer: KafkaTransportOptions;
  /** A fresh Postgres database, when the options asked for one. */
  databaseUrl?: string;
  /** Register them with the app (createApp's `interceptors`): they observe the handlers. */
  interceptors: NestInterceptor[];
  logger: LogLevel[];
}

export interface ServiceUnderTestOptions {
  /** The service's name (config's SERVICE_NAME); the run uses a unique variant of it. */
  name: string;
  /** The topics the app may use: catalog topics keep their real names, created when missing. */
  catalog: TopicCatalog;
  /** Topics its consumer reads: handled events, saga command or reply topics. */
  subscriptions: readonly string[];
  /** Other catalog topics the tests use (the ones it publishes), created when missing. */
  topics?: readonly string[];
  /** Give the app a fresh Postgres database, dropped at stop(). Default false. */
  database?: boolean;
  /** Default TEST_CONSUMER. */
  consumer?: KafkaTransportOptions;
  /** Builds the app from the run's settings, the way main.ts builds it from the environment. */
  createApp(settings: TestAppSettings): Promise<INestApplication>;
}

/**
 * A generated service running inside its integration test, on the real broker: its topics
 * provisioned (catalog topics created when missing and never deleted; its own retry and
 * dead-letter topics created and deleted), the app started as main.ts starts it (HTTP on a free
 * port, then the consumer), its handlers observed. Start it in beforeAll, stop it in afterAll.
 */
export class ServiceUnderTest {
  private constructor(
    readonly app: INestApplication,
    /** http://127.0.0.1:<port> */
    readonly url: string,
    /** This run's service name: the consumer group /health reports. */
    readonly group: string,
    readonly producer: EventProducer,
    private readonly admin: Admin,
    private readonly finished: FinishedHandlers,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(options: ServiceUnderTestOptions): Promise<ServiceUnderTest> {
    // Kafka group ids are at most 255 characters; uniqueName adds a suffix to at most 39 of them.
    const service = uniqueName(options.name.slice(0, 39).replace(/-+$/, ''));
    const consumer = runConsumer(options.name, options.catalog, options.consumer ?? TEST_CONSUMER);
    const subscriptions = runSubscriptions(options.subscriptions, consumer);
    // A producer-only service reads nothing, so it has no retry or dead-letter topics.
    const derived =
      subscriptions.length === 0
        ? []
        : consumerDerivedTopics({
            service,
            catalog: options.catalog,
            subscriptions,
            retry: consumer.retry,
          });
    const admin = testKafka(`${service}-admin`).admin();
    let database: TestDatabase | undefined;
    let app: INestApplication | undefined;
    const cleanup = async (): Promise<void> => {
      await app?.close();
      if (derived.length > 0)
        await admin
          .deleteTopics({ topics: derived.map((topic) => topic.name) })
          .catch(() => undefined);
      await admin.disconnect();
      await database?.drop();
    };
    try {
      await admin.connect();
      await provisionTopics(admin, options, service, consumer);
      if (options.database) database = await createTestDatabase();
      const finished = new FinishedHandlers();
      app = await options.createApp({
        service,
        brokers: testBrokers(),
        clientId: `${service}.test`,
        consumer,
        databaseUrl: database?.url,
        interceptors: [finished],
        logger: ['error', 'warn'],
      });
      // The order of main.ts, so the tests run the start-up production runs. listen() initialises
      // the app (onModuleInit, onApplicationBootstrap: the outbox relay, the saga deadline poller)
      // before the consumer hands over its first message; the transport started first would run
      // handlers in an app not yet bootstrapped. And a port it cannot listen on fails the start
      // before the consumer joins its group.
      await app.listen(0, '127.0.0.1');
      await app.startAllMicroservices();
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const producer = app.get<EventProducer>(EVENT_PRODUCER);
      return new ServiceUnderTest(app, url, service, producer, admin, finished, cleanup);
    } catch (error) {
      await cleanup().catch(() => undefined);
      throw error;
    }
  }

  /** Resolves once an @EventPattern handler finished an event with this key. */
  waitForHandled(key: string, what = `a handler to finish the event keyed ${key}`): Promise<void> {
    return waitFor(what, () => this.finished.has(key));
  }

  /** Messages ever written to a topic (the sum of its partitions' high watermarks). */
  async messagesIn(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }

  /** Closes the app (drains the consumer, flushes the producer), deletes its own topics and database. */
  stop(): Promise<void> {
    return this.cleanup();
  }
}

/** Its catalog topics when missing (never deleted: other suites share them), then its own derived ones. */
async function provisionTopics(
  admin: Admin,
  options: ServiceUnderTestOptions,
  service: string,
  consumer: KafkaTransportOptions,
): Promise<void> {
  const topics = [...new Set([...options.subscriptions, ...(options.topics ?? [])])];
  const missing = await findMissingTopics(admin, topics);
  await createTopicsAndWait(
    admin,
    missing.map((topic) => ({ topic, numPartitions: options.catalog.get(topic).partitions })),
  );
  if (options.subscriptions.length > 0) {
    await ensureConsumerTopics(admin, {
      service,
      catalog: options.catalog,
      subscriptions: runSubscriptions(options.subscriptions, consumer),
      retry: consumer.retry,
    });
  }
}
