import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations } from './load-migrations';
import { checksumOf, defineMigrations } from './migration';

describe('defineMigrations', () => {
  it('keeps the order and adds a sha256 checksum of the SQL', () => {
    const [first, second] = defineMigrations([
      { name: '0001_create_a', sql: 'CREATE TABLE a (id int);' },
      { name: '0002_create_b', sql: 'CREATE TABLE b (id int);' },
    ]);
    expect(first).toEqual({
      name: '0001_create_a',
      sql: 'CREATE TABLE a (id int);',
      checksum: checksumOf('CREATE TABLE a (id int);'),
    });
    expect(second.name).toBe('0002_create_b');
    expect(first.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores line-ending differences in the checksum', () => {
    expect(checksumOf('SELECT 1;\r\nSELECT 2;\r\n')).toBe(checksumOf('SELECT 1;\nSELECT 2;\n'));
  });

  it('refuses bad names, empty SQL and unordered or duplicate names', () => {
    expect(() => defineMigrations([{ name: 'create_a', sql: 'SELECT 1' }])).toThrow(
      'Invalid migration name "create_a"',
    );
    expect(() => defineMigrations([{ name: '0001_Create', sql: 'SELECT 1' }])).toThrow(
      'Invalid migration name',
    );
    expect(() => defineMigrations([{ name: '0001_a', sql: '  ' }])).toThrow(
      'Invalid migration "0001_a": its SQL is empty.',
    );
    expect(() =>
      defineMigrations([
        { name: '0002_b', sql: 'SELECT 1' },
        { name: '0001_a', sql: 'SELECT 1' },
      ]),
    ).toThrow('Invalid migration order: "0001_a" comes after "0002_b"');
    expect(() =>
      defineMigrations([
        { name: '0001_a', sql: 'SELECT 1' },
        { name: '0001_a', sql: 'SELECT 2' },
      ]),
    ).toThrow('Invalid migration order');
  });
});

describe('loadMigrations', () => {
  it('reads the .sql files of a folder in name order and ignores the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      writeFileSync(join(dir, '0002_second.sql'), 'SELECT 2;');
      writeFileSync(join(dir, '0001_first.sql'), 'SELECT 1;');
      writeFileSync(join(dir, 'README.md'), 'not a migration');
      expect(loadMigrations(dir).map((m) => [m.name, m.sql])).toEqual([
        ['0001_first', 'SELECT 1;'],
        ['0002_second', 'SELECT 2;'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder without any .sql file (a bundle that did not copy them), naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      writeFileSync(join(dir, 'README.md'), 'not a migration');
      expect(() => loadMigrations(dir)).toThrow(`No migrations in ${dir}: expected NNNN_name.sql files there.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
