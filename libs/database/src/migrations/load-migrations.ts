import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defineMigrations, type Migration } from './migration';

/** Reads `NNNN_name.sql` files from a folder, in name order. Other files are ignored. */
export function loadMigrations(directory: string): Migration[] {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  return defineMigrations(
    files.map((file) => ({
      name: basename(file, '.sql'),
      sql: readFileSync(join(directory, file), 'utf8'),
    })),
  );
}
