import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Database,
  loadMigrations,
  migrate,
  type Migration,
  openDatabase,
  type OpenDatabaseOptions,
  type Transaction,
} from '@platform/database';
import { type EventProducer } from '@platform/kafka';
import { EVENT_PRODUCER, type KafkaEventContext } from '@platform/kafka-nest';
import {
  createOutbox,
  createOutboxRelay,
  inboxHandler,
  OUTBOX_MIGRATION_NAMESPACE,
  OUTBOX_MIGRATIONS_DIR,
  type OutboxRelay,
} from '@platform/outbox';
import { SERVICE_NAME } from '../config';
import { serviceCatalog } from './service-catalog';

/** The service's database (`@Inject(DATABASE) db: Database`). */
export const DATABASE = Symbol('DATABASE');
/** `@Inject(OUTBOX) outbox: Outbox`: `outbox.add(tx, { topic, aggregateId, payload })` in the writer's transaction. */
export const OUTBOX = Symbol('OUTBOX');
const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');

/**
 * The outbox and inbox tables' SQL files: next to main.js in a build (webpack.config.js copies
 * them there), in the library otherwise (tests, ts-node). The library's own default is relative to
 * its source file, which a bundle does not keep.
 */
export function outboxMigrationsDir(): string {
  const bundled = join(__dirname, 'migrations', 'outbox');
  return existsSync(bundled) ? bundled : OUTBOX_MIGRATIONS_DIR;
}

/**
 * Applies a handler's effect at most once per event for this service: the effect and the inbox
 * record commit in one transaction, a redelivered event (same id) is acknowledged and skipped.
 */
@Injectable()
export class Inbox {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  apply(context: KafkaEventContext, effect: (tx: Transaction) => Promise<void>): Promise<void> {
    const handler = inboxHandler({ db: this.db, group: SERVICE_NAME }, (_event, tx) => effect(tx));
    return handler(context.getEnvelope(), {
      topic: context.getTopic(),
      sourceTopic: context.getTopic(),
      partition: context.getPartition(),
      offset: context.getOffset(),
      attempt: context.getAttempt(),
      headers: {},
      heartbeat: () => context.heartbeat(),
    });
  }
}

/**
 * The transactional outbox and the idempotent inbox on the service's database: the outbox and
 * inbox tables are migrated at startup, the relay publishes committed outbox rows through the
 * keyed producer from bootstrap until shutdown (it stops before the producer disconnects).
 */
@Global()
@Module({})
export class OutboxModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  /** `serviceMigrations`: the service's own tables, migrated with the outbox's before anyone queries. */
  static register(
    database: OpenDatabaseOptions,
    serviceMigrations: readonly { namespace: string; migrations: Migration[] }[] = [],
  ): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        {
          provide: DATABASE,
          useFactory: async () => {
            const db = await openDatabase(database);
            await migrate(db, {
              namespace: OUTBOX_MIGRATION_NAMESPACE,
              migrations: loadMigrations(outboxMigrationsDir()),
            });
            for (const own of serviceMigrations) await migrate(db, own);
            return db;
          },
        },
        { provide: OUTBOX, useFactory: () => createOutbox({ catalog: serviceCatalog }) },
        {
          provide: OUTBOX_RELAY,
          inject: [DATABASE, EVENT_PRODUCER],
          useFactory: (db: Database, producer: EventProducer) =>
            createOutboxRelay({ db, producer }),
        },
        Inbox,
      ],
      exports: [DATABASE, OUTBOX, Inbox],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
