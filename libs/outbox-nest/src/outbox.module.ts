import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Database, loadMigrations, migrate, openDatabase } from '@platform/database';
import { errorMessage, type EventProducer } from '@platform/kafka';
import { EVENT_PRODUCER, HealthChecks } from '@platform/kafka-nest';
import {
  createOutbox,
  createOutboxRelay,
  OUTBOX_MIGRATION_NAMESPACE,
  type OutboxRelay,
} from '@platform/outbox';
import { Inbox } from './inbox';
import { outboxMigrationsDir } from './migrations-dir';
import { checkOutboxModuleOptions, type OutboxModuleOptions } from './outbox-module-options';
import { DATABASE, OUTBOX, OUTBOX_MODULE_OPTIONS } from './tokens';

const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
const log = new Logger('OutboxModule');

/**
 * The LISTEN connection only wakes the relay early; without it rows still go out at the next poll,
 * slower, so a loss (and each failed reconnect) is a warning, not an error. Unreported, a relay
 * that lost its hints would just be slow, with no one knowing why.
 */
function warnListenLost(error: unknown): void {
  log.warn(
    `Lost the LISTEN connection that wakes the outbox relay (${errorMessage(error)}); it reconnects by itself, and the relay polls for new rows meanwhile`,
  );
}

/**
 * The transactional outbox and the idempotent inbox on the service's database, global: DATABASE,
 * OUTBOX and Inbox can be injected anywhere. The database is opened and migrated (outbox and inbox
 * tables, then the service's own) while Nest creates providers, so nothing queries it before; the
 * relay publishes committed outbox rows through KafkaModule's keyed producer from bootstrap until
 * beforeApplicationShutdown; the database closes in onApplicationShutdown. Nest runs each hook over
 * the modules in an order that depends on the imports, but every module's beforeApplicationShutdown
 * before any onApplicationShutdown: so the relay (and SagaModule's sagas) stop before the database
 * or the producer closes, whatever order the app imports them in.
 */
@Global()
@Module({})
export class OutboxModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Optional() health?: HealthChecks,
  ) {
    // GET /health (ObservabilityModule) then also says whether the database answers: a service
    // that cannot write its outbox or inbox is not healthy, whatever the broker says.
    health?.add('database', () => db.query('SELECT 1'));
  }

  static forRoot(options: OutboxModuleOptions): DynamicModule {
    checkOutboxModuleOptions(options);
    return {
      module: OutboxModule,
      providers: [
        { provide: OUTBOX_MODULE_OPTIONS, useValue: options },
        {
          provide: DATABASE,
          useFactory: async () => {
            const db = await openDatabase({
              ...options.database,
              onListenError: options.database.onListenError ?? warnListenLost,
            });
            try {
              await migrate(db, {
                namespace: OUTBOX_MIGRATION_NAMESPACE,
                migrations: loadMigrations(outboxMigrationsDir()),
              });
              for (const own of options.migrations ?? []) await migrate(db, own);
            } catch (error) {
              await db.close();
              throw error;
            }
            return db;
          },
        },
        { provide: OUTBOX, useFactory: () => createOutbox({ catalog: options.catalog }) },
        {
          provide: OUTBOX_RELAY,
          inject: [DATABASE, EVENT_PRODUCER],
          useFactory: (db: Database, producer: EventProducer) =>
            createOutboxRelay({ ...options.relay, db, producer }),
        },
        Inbox,
      ],
      exports: [DATABASE, OUTBOX, Inbox],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  // Neither hook throws: Nest stops at the first shutdown hook that rejects, so a relay that
  // cannot stop would leave the database and the Kafka producer open, and a failed close would
  // skip the hooks of the modules after this one. The log says what was left behind.
  async beforeApplicationShutdown(): Promise<void> {
    try {
      await this.relay.stop();
    } catch (error) {
      log.error(
        `Could not stop the outbox relay (${errorMessage(error)}); unpublished rows stay in the outbox for the next start`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.db.close();
    } catch (error) {
      log.error(
        `Could not close the database (${errorMessage(error)}); the rest of the app shuts down anyway`,
      );
    }
  }
}
