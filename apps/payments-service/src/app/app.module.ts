import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaModule, ObservabilityModule } from '@platform/kafka-nest';
import type { ServiceConfig } from '../config';
import { OutboxModule } from './outbox.module';
import { serviceCatalog } from './service-catalog';
import { EventsPublisher } from './events.publisher';

/**
 * payments-service: KafkaModule gives the keyed producer (EVENT_PRODUCER) and serves the
 * @EventPattern handlers below with the manual-commit transport (retries, dead-letter topics);
 * ObservabilityModule serves /health and /metrics. OutboxModule: the transactional outbox, its
 * relay and the idempotent inbox, on the service's database. Configuration comes in (main.ts: loadConfig),
 * so tests pass their own.
 */
@Module({
  imports: [ObservabilityModule],
  controllers: [],
  providers: [EventsPublisher],
  exports: [EventsPublisher],
})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRoot({
          connection: config.kafka,
          catalog: serviceCatalog,
          ...(config.consumer ? { consumer: config.consumer } : {}),
        }),
        OutboxModule.register(config.database),
      ],
    };
  }
}
