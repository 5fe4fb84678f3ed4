import { type DynamicModule, Module } from '@nestjs/common';
import type { Database } from '@platform/database';
import { KafkaModule, ObservabilityModule } from '@platform/kafka-nest';
import type { Outbox } from '@platform/outbox';
import { SagaModule } from '@platform/saga-nest';
import { SERVICE_NAME, type ServiceConfig } from '../config';
import { PaymentCommandsHandler } from '../payments/payment-commands.handler';
import { PaymentsController } from '../payments/payments.controller';
import { PAYMENTS_MIGRATION_NAMESPACE, paymentsMigrations } from '../payments/payments.migrations';
import { PaymentsRepository } from '../payments/payments.repository';
import { DATABASE, OUTBOX, OutboxModule } from '@platform/outbox-nest';
import { serviceCatalog } from './service-catalog';

/**
 * payments-service: charges and refunds orders for sagas. KafkaModule's transport delivers the
 * `payments.payment.commands` topic to PaymentCommandsHandler (through SagaModule, which replies
 * through the outbox and dedupes with the inbox); ObservabilityModule serves /health and
 * /metrics; OutboxModule (@platform/outbox-nest) owns the database (schema `payments`), the outbox relay and the inbox.
 * Configuration comes in (main.ts: loadConfig), so tests pass their own.
 */
@Module({
  imports: [ObservabilityModule],
  controllers: [PaymentsController],
  providers: [PaymentsRepository, PaymentCommandsHandler],
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
        OutboxModule.forRoot({
          service: SERVICE_NAME,
          database: config.database,
          catalog: serviceCatalog,
          migrations: [{ namespace: PAYMENTS_MIGRATION_NAMESPACE, migrations: paymentsMigrations }],
        }),
        // A participant only: no sagas of its own, so no saga tables.
        SagaModule.forRootAsync({
          inject: [DATABASE, OUTBOX],
          useFactory: (db: Database, outbox: Outbox) => ({
            service: SERVICE_NAME,
            db,
            outbox,
            migrate: false,
          }),
        }),
      ],
    };
  }
}
