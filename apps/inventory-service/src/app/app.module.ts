import { type DynamicModule, Module } from '@nestjs/common';
import type { Database } from '@platform/database';
import { KafkaModule, ObservabilityModule } from '@platform/kafka-nest';
import type { Outbox } from '@platform/outbox';
import { SagaModule } from '@platform/saga-nest';
import { SERVICE_NAME, type ServiceConfig } from '../config';
import { StockCommandsHandler } from '../stock/stock-commands.handler';
import { StockController } from '../stock/stock.controller';
import { STOCK_MIGRATION_NAMESPACE, stockMigrations } from '../stock/stock.migrations';
import { StockRepository } from '../stock/stock.repository';
import { DATABASE, OUTBOX, OutboxModule } from '@platform/outbox-nest';
import { serviceCatalog } from './service-catalog';

/**
 * inventory-service: reserves and releases stock for sagas. KafkaModule's transport delivers the
 * `inventory.stock.commands` topic to StockCommandsHandler (through SagaModule, which replies
 * through the outbox and dedupes with the inbox); ObservabilityModule serves /health and
 * /metrics; OutboxModule (@platform/outbox-nest) owns the database (schema `inventory`), the outbox relay and the inbox.
 * Configuration comes in (main.ts: loadConfig), so tests pass their own.
 */
@Module({
  imports: [ObservabilityModule],
  controllers: [StockController],
  providers: [StockRepository, StockCommandsHandler],
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
          migrations: [{ namespace: STOCK_MIGRATION_NAMESPACE, migrations: stockMigrations }],
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
