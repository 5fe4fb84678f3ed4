import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outboxMigrations } from './migrations';
import { main } from './migrate-cli';

describe('outbox migrations', () => {
  it('ships the outbox and inbox tables, in order', () => {
    expect(outboxMigrations().map((migration) => migration.name)).toEqual([
      '0001_create_outbox',
      '0002_create_inbox',
    ]);
  });

  it('creates a Debezium-compatible outbox: id, aggregatetype, aggregateid, type, payload', () => {
    const [outbox] = outboxMigrations();
    for (const column of [
      'id uuid PRIMARY KEY',
      'aggregatetype text',
      'aggregateid text',
      'type text',
      'payload jsonb',
      'topic text',
      'headers jsonb',
      'created_at timestamptz',
    ]) {
      expect(outbox.sql).toContain(column);
    }
  });
});

describe('the migrate command', () => {
  it('refuses to run without a database to migrate', async () => {
    const errors: string[] = [];
    const spy = jest
      .spyOn(console, 'error')
      .mockImplementation((line: string) => errors.push(line));
    try {
      expect(await main([], {})).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([
      'outbox migrate: pass --url <postgres url> or --data-dir <PGlite folder>, or set DATABASE_URL.',
    ]);
  });

  it('refuses a typo, a missing value or both targets instead of migrating DATABASE_URL', async () => {
    // Were it used, this would fail with a connection error instead of the usage exit code.
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/elsewhere' };
    const errors: string[] = [];
    const spy = jest
      .spyOn(console, 'error')
      .mockImplementation((line: string) => errors.push(line));
    const codes: number[] = [];
    try {
      for (const argv of [
        ['--uri', 'postgres://postgres@127.0.0.1:5432/orders'],
        ['--url'],
        ['--url='],
        ['--url', '--data-dir', './data'],
        ['--data-dir'],
        ['--url', 'postgres://a', '--data-dir', './data'],
        ['--url=postgres://a', '--url=postgres://b'],
        ['postgres://postgres@127.0.0.1:5432/orders'],
      ])
        codes.push(await main(argv, env));
    } finally {
      spy.mockRestore();
    }
    expect(codes).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    const usage = 'pass --url <postgres url> or --data-dir <PGlite folder>, or set DATABASE_URL.';
    expect(errors).toEqual([
      `outbox migrate: unknown argument "--uri": ${usage}`,
      `outbox migrate: --url needs a value: ${usage}`,
      `outbox migrate: --url needs a value: ${usage}`,
      `outbox migrate: --url needs a value: ${usage}`,
      `outbox migrate: --data-dir needs a value: ${usage}`,
      `outbox migrate: --url and --data-dir exclude each other: ${usage}`,
      `outbox migrate: --url given twice: ${usage}`,
      `outbox migrate: unknown argument "postgres://postgres@127.0.0.1:5432/orders": ${usage}`,
    ]);
  });

  it('migrates the database it was given, twice without harm, and fails with the reason otherwise', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outbox-migrate-'));
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    try {
      expect(await main([`--data-dir=${dataDir}`], {})).toBe(0);
      expect(await main(['--data-dir', dataDir], {})).toBe(0);
    } finally {
      spy.mockRestore();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(lines).toEqual([
      'outbox migrate (pglite): applied 0001_create_outbox, 0002_create_inbox; already applied none',
      'outbox migrate (pglite): applied none; already applied 0001_create_outbox, 0002_create_inbox',
    ]);
    await expect(main(['--url', 'postgres://postgres@127.0.0.1:1/nowhere'], {})).rejects.toThrow();
  });
});
