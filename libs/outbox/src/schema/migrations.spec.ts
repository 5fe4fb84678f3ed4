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
});
