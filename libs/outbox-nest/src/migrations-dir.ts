import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OUTBOX_MIGRATIONS_DIR } from '@platform/outbox';

/**
 * The outbox and inbox tables' SQL files: next to main.js when the service runs as a webpack
 * bundle (its webpack.config.js copies them to migrations/outbox; this code is bundled into
 * main.js, so __dirname is the bundle's folder), in the outbox library otherwise (tests, swc-node).
 */
export function outboxMigrationsDir(): string {
  const bundled = join(__dirname, 'migrations', 'outbox');
  return existsSync(bundled) ? bundled : OUTBOX_MIGRATIONS_DIR;
}
