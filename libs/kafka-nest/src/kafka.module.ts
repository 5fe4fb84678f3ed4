import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { createEventProducer, errorMessage, type EventProducer, toKafkaJsConfig } from '@platform/kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { HealthChecks } from './health/health-checks';
import { KafkaHealthIndicator } from './health/kafka-health.indicator';
import { ConfigurableKafkaModule, KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka-module-options';
import { ConsumerLagMetric } from './metrics/consumer-lag.metric';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics/metrics-registry';
import { EVENT_PRODUCER, KAFKA_ADMIN, KAFKA_CLIENT } from './tokens';
import { ErrorCaptureFilter } from './transport/error-capture.filter';
import { KafkaTransport } from './transport/kafka-transport';

const log = new Logger('KafkaModule');

/**
 * KafkaModule.forRoot({ connection: kafkaConfigFromEnv('orders'), catalog }) gives a service the
 * injectable keyed producer (EVENT_PRODUCER), the manual-commit transport for its @EventPattern
 * handlers (KafkaTransport: createKafkaApp connects it), a health indicator and lag metrics.
 * At shutdown the transport stops consuming first (onModuleDestroy, before any module's
 * beforeApplicationShutdown stops the work it runs); the producer and admin client disconnect in
 * onApplicationShutdown, after every module stopped producing; a client that fails to disconnect
 * is logged and the shutdown goes on.
 */
@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: KAFKA_CLIENT,
      inject: [KAFKA_MODULE_OPTIONS],
      useFactory: (options: KafkaModuleOptions) => new Kafka({ ...toKafkaJsConfig(options.connection), logLevel: logLevel.WARN }),
    },
    {
      provide: KAFKA_ADMIN,
      inject: [KAFKA_CLIENT],
      useFactory: async (kafka: Kafka) => {
        const admin = kafka.admin();
        await admin.connect();
        return admin;
      },
    },
    {
      provide: EVENT_PRODUCER,
      inject: [KAFKA_MODULE_OPTIONS, KAFKA_CLIENT],
      useFactory: async (options: KafkaModuleOptions, kafka: Kafka) => {
        const producer = createEventProducer({ ...options.producer, service: options.connection.service, catalog: options.catalog, kafka });
        await producer.connect();
        return producer;
      },
    },
    {
      provide: METRICS_REGISTRY,
      inject: [KAFKA_MODULE_OPTIONS],
      useFactory: (options: KafkaModuleOptions) => createMetricsRegistry(options.connection.service),
    },
    KafkaTransport,
    KafkaHealthIndicator,
    HealthChecks,
    ConsumerLagMetric,
    { provide: APP_FILTER, useClass: ErrorCaptureFilter },
  ],
  exports: [KAFKA_CLIENT, KAFKA_ADMIN, EVENT_PRODUCER, METRICS_REGISTRY, KafkaTransport, KafkaHealthIndicator, HealthChecks],
})
export class KafkaModule extends ConfigurableKafkaModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_PRODUCER) private readonly producer: EventProducer,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {
    super();
  }

  /**
   * Both are disconnected even when one fails, and a failure is logged, never thrown: Nest runs
   * the modules' shutdown hooks one after another and stops at the first that rejects (after a
   * signal it exits with 1 right away), so throwing here would leave open whatever other modules
   * close after this one (a database pool). app.close() resolves: a client that cannot disconnect
   * at shutdown leaves nothing for its caller to do but read the log.
   */
  async onApplicationShutdown(): Promise<void> {
    const clients = [
      ['Kafka producer', this.producer.disconnect()],
      ['Kafka admin client', this.admin.disconnect()],
    ] as const;
    const results = await Promise.allSettled(clients.map(([, disconnected]) => disconnected));
    results.forEach((result, index) => {
      if (result.status === 'rejected')
        log.error(
          `Could not disconnect the ${clients[index][0]} (${errorMessage(result.reason)}); the rest of the app shuts down anyway`,
        );
    });
  }
}
