import { loadMigrations, type Migration } from '@platform/database';
import { sagaMigrations } from '@platform/saga';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The saga tables' SQL: next to main.js in a build (webpack.config.js copies it there), in the
 * library otherwise (tests, ts-node). The library's own default is relative to its source file,
 * which a bundle does not keep.
 */
export function sagaTableMigrations(): Migration[] {
  const bundled = join(__dirname, 'migrations', 'saga');
  return existsSync(bundled) ? loadMigrations(bundled) : sagaMigrations();
}
