import { type DynamicModule, Module } from '@nestjs/common';
import type { Database } from '@platform/database';
import { KafkaModule, ObservabilityModule } from '@platform/kafka-nest';
import type { Outbox } from '@platform/outbox';
import { SAGA_MIGRATION_NAMESPACE } from '@platform/saga';
import { SagaModule, sagaTableMigrations } from '@platform/saga-nest';
import { DEFAULT_SAGA_STEP_TIMEOUT_MS, SERVICE_NAME, type ServiceConfig } from '../config';
import { OrdersController } from '../orders/orders.controller';
import { ORDERS_MIGRATION_NAMESPACE, ordersMigrations } from '../orders/orders.migrations';
import { OrdersModule } from '../orders/orders.module';
import { PlaceOrderSaga, SAGA_STEP_TIMEOUT_MS } from '../sagas/place-order.saga';
import { DATABASE, OUTBOX, OutboxModule } from '@platform/outbox-nest';
import { serviceCatalog } from './service-catalog';

/**
 * orders-service: takes orders over HTTP and orchestrates the place-order saga. SagaModule runs
 * the saga (its state in the saga tables, commands out through the outbox, replies in through
 * KafkaModule's manual-commit transport with inbox dedupe, deadlines polled) and serves
 * GET /sagas; ObservabilityModule serves /health and /metrics; OutboxModule (@platform/outbox-nest) owns the database
 * (schema `orders`), the outbox relay and the inbox. Configuration comes in (main.ts: loadConfig),
 * so tests pass their own.
 */
@Module({
  imports: [ObservabilityModule, OrdersModule],
  controllers: [OrdersController],
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
        // The saga tables are migrated here, from SQL that also works in a bundle (migrate: false below).
        OutboxModule.forRoot({
          service: SERVICE_NAME,
          database: config.database,
          catalog: serviceCatalog,
          migrations: [
            { namespace: ORDERS_MIGRATION_NAMESPACE, migrations: ordersMigrations },
            { namespace: SAGA_MIGRATION_NAMESPACE, migrations: sagaTableMigrations() },
          ],
        }),
        SagaModule.forRootAsync({
          imports: [
            OrdersModule,
            {
              module: class SagaSettingsModule {},
              providers: [
                {
                  provide: SAGA_STEP_TIMEOUT_MS,
                  useValue: config.sagaStepTimeoutMs ?? DEFAULT_SAGA_STEP_TIMEOUT_MS,
                },
              ],
              exports: [SAGA_STEP_TIMEOUT_MS],
            },
          ],
          inject: [DATABASE, OUTBOX],
          useFactory: (db: Database, outbox: Outbox) => ({
            service: SERVICE_NAME,
            db,
            outbox,
            migrate: false,
          }),
          sagas: [PlaceOrderSaga],
          queryController: true,
        }),
      ],
    };
  }
}
