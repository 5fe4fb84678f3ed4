import type { Migration, OpenDatabaseOptions } from '@platform/database';
import type { TopicCatalog } from '@platform/kafka';
import type { OutboxRelayOptions } from '@platform/outbox';

export interface OutboxModuleOptions {
  /** The service: its inbox records events under this consumer group. */
  service: string;
  /** Postgres (`url`) or PGlite (`dataDir`), and the service's `schema`; see openDatabase. */
  database: OpenDatabaseOptions;
  /** Every topic the service may write to the outbox (its serviceCatalog). */
  catalog: TopicCatalog;
  /** The service's own tables, migrated after the outbox's and before anyone queries. */
  migrations?: readonly { namespace: string; migrations: Migration[] }[];
  /** Relay tuning (poll interval, batch size…); the database and producer come from the module. */
  relay?: Omit<OutboxRelayOptions, 'db' | 'producer'>;
}
