export { SagaModule } from './saga.module';
export { SAGA_MODULE_OPTIONS, type SagaModuleOptions, type SagaModuleExtras } from './saga-module-options';
export { SAGA_DEFINITIONS, type SagaProvider, type SagaRegistration } from './saga-provider';
export { SagaCommandHandler, SAGA_COMMAND_HANDLER } from './participant/saga-command-handler.decorator';
export { SagaCommandBatchHandler, SAGA_COMMAND_BATCH_HANDLER } from './participant/saga-command-batch-handler.decorator';
export { SagaQueryController } from './query/saga-query.controller';
export { SagaMetrics } from './metrics/saga-metrics';
export { toTransportHandler } from './kafka-handler';
export { sagaTableMigrations } from './saga-migrations';
