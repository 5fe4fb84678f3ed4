import { bundledMigrationsDir } from '@platform/database';
import { OUTBOX_MIGRATIONS_DIR } from '@platform/outbox';

/**
 * The outbox and inbox tables' SQL files: next to main.js in a bundle (the service's
 * webpack.config.js copies them to migrations/outbox), in the outbox library otherwise.
 */
export function outboxMigrationsDir(): string {
  return bundledMigrationsDir('outbox', OUTBOX_MIGRATIONS_DIR);
}
