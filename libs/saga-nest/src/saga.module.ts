import { type BeforeApplicationShutdown, Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { KafkaTransport, METRICS_REGISTRY } from '@platform/kafka-nest';
import { migrate } from '@platform/database';
import { type AnySagaDefinition, SAGA_MIGRATION_NAMESPACE, SagaOrchestrator, type SagaLogger, type SagaParticipant } from '@platform/saga';
import type { Registry } from 'prom-client';
import { SagaStoppedFilter } from './http/saga-stopped.filter';
import { SagaMetrics } from './metrics/saga-metrics';
import { sagaTableMigrations } from './saga-migrations';
import { ConfigurableSagaModule, SAGA_MODULE_OPTIONS, type SagaModuleOptions } from './saga-module-options';
import { SAGA_DEFINITIONS } from './saga-provider';
import { wireSagaHandlers } from './saga-wiring';

const log = new Logger('SagaModule');
const sagaLogger: SagaLogger = {
  warn: (message, details) => log.warn(message, details),
  error: (message, details) => log.error(message, details),
};

/** The SagaParticipant serving the @SagaCommandHandler methods (wireSagaHandlers). */
const SAGA_WIRING = Symbol('SAGA_WIRING');

/**
 * SagaModule.forRoot({ service, db, outbox, sagas: [CreateOrderSaga] }) (or forRootAsync):
 * - an injectable SagaOrchestrator (start, find, list, resume) for the sagas given as providers,
 *   its tables migrated before it is handed out;
 * - their reply topics and the @SagaCommandHandler methods of any provider are served by
 *   KafkaModule's KafkaTransport (each topic must be in KafkaModule's catalog);
 * - the deadline poller runs from bootstrap to shutdown; in beforeApplicationShutdown the
 *   orchestrator and the participant wait for their writes in flight, then refuse new ones, so the
 *   database (closed in onApplicationShutdown) outlives them whatever order the app imports in;
 *   an HTTP request refused meanwhile (SagaStoppedError) is a 503 with Retry-After (SagaStoppedFilter);
 * - saga metrics in KafkaModule's registry (GET /metrics), and with `queryController: true`,
 *   GET /sagas?state=…, GET /sagas/:id and POST /sagas/:id/resume.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: SagaOrchestrator,
      inject: [SAGA_MODULE_OPTIONS, SAGA_DEFINITIONS, { token: METRICS_REGISTRY, optional: true }],
      useFactory: async (options: SagaModuleOptions, sagas: AnySagaDefinition[], registry?: Registry) => {
        // sagaTableMigrations, not the saga library's own folder: a webpack bundle keeps the SQL next to main.js.
        if (sagas.length > 0 && options.migrate !== false)
          await migrate(options.db, { namespace: SAGA_MIGRATION_NAMESPACE, migrations: sagaTableMigrations() });
        // A participant-only service runs no sagas and has no saga tables: nothing to count.
        const metrics = registry && sagas.length > 0 ? new SagaMetrics(registry, () => orchestrator) : undefined;
        const orchestrator: SagaOrchestrator = new SagaOrchestrator({
          db: options.db,
          outbox: options.outbox,
          service: options.service,
          sagas,
          deadlines: options.deadlines,
          groupCommit: options.groupCommit,
          logger: sagaLogger,
          onEvent: metrics ? (event) => metrics.record(event) : undefined,
        });
        return orchestrator;
      },
    },
    {
      provide: SAGA_WIRING,
      inject: [SAGA_MODULE_OPTIONS, SagaOrchestrator, DiscoveryService, MetadataScanner, { token: KafkaTransport, optional: true }],
      useFactory: (moduleOptions: SagaModuleOptions, orchestrator: SagaOrchestrator, discovery: DiscoveryService, scanner: MetadataScanner, transport?: KafkaTransport) =>
        wireSagaHandlers({ moduleOptions, orchestrator, discovery, scanner, transport, logger: sagaLogger }),
    },
    // Global, so every controller that starts or resumes a saga answers a refusal at shutdown with 503.
    { provide: APP_FILTER, useClass: SagaStoppedFilter },
  ],
  exports: [SagaOrchestrator],
})
export class SagaModule extends ConfigurableSagaModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(SAGA_DEFINITIONS) private readonly sagas: AnySagaDefinition[],
    private readonly orchestrator: SagaOrchestrator,
    @Inject(SAGA_WIRING) private readonly participant: SagaParticipant,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    if (this.sagas.length > 0) this.orchestrator.startDeadlinePoller();
  }

  /**
   * beforeApplicationShutdown, not onApplicationShutdown: Nest runs each hook over every module
   * before the next hook, but a hook's modules in an order that depends on the imports (global
   * modules in reverse registration order), so in onApplicationShutdown an app that imports
   * SagaModule before OutboxModule had its database closed under these writes. Waits for the
   * writes in flight. KafkaTransport stopped its consumer before this phase (onModuleDestroy); a
   * reply or command handed over after this anyway is refused with SagaStoppedError (retriable),
   * so the consumer retries it instead of committing it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.orchestrator.stop(), this.participant.stop()]);
  }
}
