import { createHash } from 'node:crypto';

/** One schema change, applied once per database and recorded by name. */
export interface Migration {
  /** `0001_create_outbox`: a 4-digit position, then lower-case words joined by "_". */
  name: string;
  sql: string;
  /** sha256 of the SQL: a shipped migration that is edited afterwards is refused, not silently skipped. */
  checksum: string;
}

const NAME_PATTERN = /^\d{4}_[a-z0-9]+(?:_[a-z0-9]+)*$/;

/** Checks names and order and computes checksums. Throws on the first problem. */
export function defineMigrations(list: readonly { name: string; sql: string }[]): Migration[] {
  const migrations = list.map(({ name, sql }) => {
    if (!NAME_PATTERN.test(name)) {
      throw new TypeError(
        `Invalid migration name "${name}", expected a 4-digit position and lower-case words, e.g. 0001_create_outbox`,
      );
    }
    if (typeof sql !== 'string' || sql.trim() === '')
      throw new TypeError(`Invalid migration "${name}": its SQL is empty.`);
    return { name, sql, checksum: checksumOf(sql) };
  });
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].name <= migrations[i - 1].name) {
      throw new TypeError(
        `Invalid migration order: "${migrations[i].name}" comes after "${migrations[i - 1].name}"; names must be unique and ascending.`,
      );
    }
  }
  return migrations;
}

export function checksumOf(sql: string): string {
  // Line endings differ between checkouts (autocrlf); they do not change what the SQL does.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}
