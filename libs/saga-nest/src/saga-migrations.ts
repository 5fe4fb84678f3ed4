import { bundledMigrationsDir, loadMigrations, type Migration } from '@platform/database';
import { SAGA_MIGRATIONS_DIR } from '@platform/saga';

/**
 * The saga tables' migrations, read next to main.js in a bundle (the service's webpack.config.js
 * copies them to migrations/saga), from the saga library otherwise. `sagaMigrations()` alone reads
 * a folder relative to the library's source file, which a bundle does not keep.
 */
export function sagaTableMigrations(): Migration[] {
  return loadMigrations(bundledMigrationsDir('saga', SAGA_MIGRATIONS_DIR));
}
