import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defineMigrations, type Migration } from './migration';

/**
 * Reads `NNNN_name.sql` files from a folder, in name order. Other files are ignored. A folder
 * without any is refused: it is a packaging mistake (a bundle that did not copy the SQL), and
 * migrating nothing would only show later as a missing table.
 */
export function loadMigrations(directory: string): Migration[] {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  if (files.length === 0) {
    throw new Error(
      `No migrations in ${directory}: expected NNNN_name.sql files there. If this runs from a bundle, copy the library's SQL next to it (see the service's webpack.config.js assets).`,
    );
  }
  return defineMigrations(
    files.map((file) => ({
      name: basename(file, '.sql'),
      sql: readFileSync(join(directory, file), 'utf8'),
    })),
  );
}
