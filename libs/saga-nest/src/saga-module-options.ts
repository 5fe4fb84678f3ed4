import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { Database } from '@platform/database';
import type { Outbox } from '@platform/outbox';
import type { DeadlinePollerOptions, GroupCommitOptions } from '@platform/saga';
import { SagaQueryController } from './query/saga-query.controller';
import { type SagaRegistration, sagaProviders } from './saga-provider';

export interface SagaModuleOptions {
  /** The service: its consumer group, under which the inbox records the replies and commands it handled. */
  service: string;
  db: Database;
  /**
   * The service's outbox (createOutbox with its catalog): commands and replies leave through it.
   * Something must relay it (createOutboxRelay with KafkaModule's EVENT_PRODUCER).
   */
  outbox: Outbox;
  deadlines?: DeadlinePollerOptions;
  /** How replies, starts and commands share transactions; groups are at most KafkaTransport's partitionsConsumedConcurrently. */
  groupCommit?: GroupCommitOptions;
  /** Apply the saga tables' migrations at start-up (when the service runs sagas), from the bundle's SQL when there is one (sagaTableMigrations). Default true. */
  migrate?: boolean;
}

export interface SagaModuleExtras {
  /** Default true: SagaOrchestrator can be injected anywhere. */
  isGlobal: boolean;
  /** The sagas this service orchestrates: provider classes (see SagaProvider) or plain definitions. */
  sagas: readonly SagaRegistration[];
  /** Serve GET /sagas, GET /sagas/:id and POST /sagas/:id/resume. Default false. */
  queryController: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableSagaModule,
  MODULE_OPTIONS_TOKEN: SAGA_MODULE_OPTIONS,
  OPTIONS_TYPE: SAGA_MODULE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SAGA_MODULE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SagaModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<SagaModuleExtras>({ isGlobal: true, sagas: [], queryController: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    providers: [...(definition.providers ?? []), ...sagaProviders(extras.sagas)],
    // Saga provider classes are exported too, so a controller can inject the saga it starts.
    exports: [...(definition.exports ?? []), ...extras.sagas.filter((saga) => typeof saga === 'function')],
    controllers: [...(definition.controllers ?? []), ...(extras.queryController ? [SagaQueryController] : [])],
  }))
  .build();
