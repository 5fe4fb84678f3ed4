import { openDatabase } from '@platform/database';
import {
  DATABASE_DRIVERS,
  openTestDatabase,
  type OpenTestDatabase,
  uniqueName,
} from '@platform/testing';
import { migrate, MIGRATIONS_TABLE } from './migrate';
import { defineMigrations, type Migration } from './migration';
import { MigrationChecksumError, MigrationOrderError } from './migration-errors';

/** Each test gets its own namespace and table names, so one database serves the whole suite (PGlite opens slowly). */
function testMigrations(): { namespace: string; table: string; migrations: Migration[] } {
  const namespace = uniqueName('ns');
  const table = namespace.replace(/-/g, '_');
  return {
    namespace,
    table,
    migrations: defineMigrations([
      {
        name: '0001_create_things',
        sql: `CREATE TABLE ${table} (id int PRIMARY KEY);\nCREATE INDEX ${table}_id ON ${table} (id);`,
      },
      {
        name: '0002_add_function',
        // A dollar-quoted body with semicolons inside: the script must not be split on ";".
        sql: `CREATE FUNCTION ${table}_count() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM ${table}); END; $$;`,
      },
    ]),
  };
}

describe.each(DATABASE_DRIVERS)('migrate on %s', (driver) => {
  let opened: OpenTestDatabase;

  beforeAll(async () => {
    opened = await openTestDatabase(driver);
  });

  afterAll(() => opened?.drop());

  it('applies pending migrations in order, records them, and does nothing the second time', async () => {
    const { db } = opened;
    const { namespace, table, migrations } = testMigrations();
    expect(await migrate(db, { namespace, migrations })).toEqual({
      applied: ['0001_create_things', '0002_add_function'],
      skipped: [],
      unknown: [],
    });
    expect(await migrate(db, { namespace, migrations })).toEqual({
      applied: [],
      skipped: ['0001_create_things', '0002_add_function'],
      unknown: [],
    });
    const { rows } = await db.query(
      `SELECT namespace, name, checksum FROM ${MIGRATIONS_TABLE} WHERE namespace = $1 ORDER BY name`,
      [namespace],
    );
    expect(rows).toEqual(
      migrations.map((m) => ({ namespace, name: m.name, checksum: m.checksum })),
    );
    expect((await db.query(`SELECT ${table}_count() AS n`)).rows).toEqual([{ n: 0 }]);
  });

  it('applies only what is new and reports migrations it does not know', async () => {
    const { db } = opened;
    const { namespace, migrations } = testMigrations();
    await migrate(db, { namespace, migrations: migrations.slice(0, 1) });
    expect(await migrate(db, { namespace, migrations })).toMatchObject({
      applied: ['0002_add_function'],
      skipped: ['0001_create_things'],
    });
    expect(await migrate(db, { namespace, migrations: migrations.slice(0, 1) })).toMatchObject({
      unknown: ['0002_add_function'],
    });
  });

  it('keeps namespaces apart: the same migration name in another namespace is applied too', async () => {
    const { db } = opened;
    const first = testMigrations();
    const second = testMigrations();
    await migrate(db, { namespace: first.namespace, migrations: first.migrations.slice(0, 1) });
    expect(
      await migrate(db, { namespace: second.namespace, migrations: second.migrations.slice(0, 1) }),
    ).toMatchObject({
      applied: ['0001_create_things'],
    });
  });

  it('applies nothing when one migration fails: all or nothing', async () => {
    const { db } = opened;
    const { namespace, table, migrations } = testMigrations();
    const broken = defineMigrations([
      ...migrations,
      { name: '0003_broken', sql: 'ALTER TABLE missing_table ADD COLUMN x int;' },
    ]);
    await expect(migrate(db, { namespace, migrations: broken })).rejects.toThrow(/missing_table/);
    expect(
      (await db.query('SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $1', [table]))
        .rows,
    ).toEqual([{ n: 0 }]);
    expect(
      (
        await db.query(`SELECT count(*)::int AS n FROM ${MIGRATIONS_TABLE} WHERE namespace = $1`, [
          namespace,
        ])
      ).rows,
    ).toEqual([{ n: 0 }]);
  });

  it('refuses a migration whose SQL changed after it was applied', async () => {
    const { db } = opened;
    const { namespace, table, migrations } = testMigrations();
    await migrate(db, { namespace, migrations: migrations.slice(0, 1) });
    const edited = defineMigrations([
      { name: '0001_create_things', sql: `CREATE TABLE ${table} (id bigint PRIMARY KEY);` },
    ]);
    const error = await migrate(db, { namespace, migrations: edited }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as Error).message).toContain(
      `Migration ${namespace}/0001_create_things was applied with different SQL`,
    );
  });

  it('refuses a migration that comes before one already applied, names both, and applies nothing', async () => {
    const { db } = opened;
    const { namespace, table } = testMigrations();
    const create = { name: '0001_create_things', sql: `CREATE TABLE ${table} (id int)` };
    // Merged late: 0002 was written on a branch while 0003 shipped and was applied.
    const late = { name: '0002_add_note', sql: `ALTER TABLE ${table} ADD COLUMN note text` };
    const shipped = { name: '0003_add_size', sql: `ALTER TABLE ${table} ADD COLUMN size int` };
    const next = { name: '0004_add_flag', sql: `ALTER TABLE ${table} ADD COLUMN flag bool` };
    await migrate(db, { namespace, migrations: defineMigrations([create, shipped]) });
    const error = await migrate(db, {
      namespace,
      migrations: defineMigrations([create, late, shipped, next]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationOrderError);
    expect(error).toMatchObject({
      namespace,
      pending: ['0002_add_note'],
      appliedLater: '0003_add_size',
    });
    expect((error as Error).message).toBe(
      `Migration ${namespace}/0002_add_note is not applied, but ${namespace}/0003_add_size, which ` +
        'comes after it, already is: it was probably merged after 0003_add_size was deployed. ' +
        'Migrations run in name order, so it would run out of order. Rename it to come after the ' +
        'last applied migration (e.g. 0004_add_note) and check that it still holds on top of ' +
        '0003_add_size. Nothing was applied.',
    );
    // All or nothing: not even 0004, which is in order, was applied.
    const { rows } = await db.query(
      `SELECT name FROM ${MIGRATIONS_TABLE} WHERE namespace = $1 ORDER BY name`,
      [namespace],
    );
    expect(rows).toEqual([{ name: '0001_create_things' }, { name: '0003_add_size' }]);
  });

  it('counts a later migration this code does not know: it was applied all the same', async () => {
    const { db } = opened;
    const { namespace, table } = testMigrations();
    const create = { name: '0001_create_things', sql: `CREATE TABLE ${table} (id int)` };
    const newer = { name: '0004_add_size', sql: `ALTER TABLE ${table} ADD COLUMN size int` };
    const note = { name: '0002_add_note', sql: `ALTER TABLE ${table} ADD COLUMN note text` };
    const flag = { name: '0003_add_flag', sql: `ALTER TABLE ${table} ADD COLUMN flag bool` };
    await migrate(db, { namespace, migrations: defineMigrations([create, newer]) });
    await expect(
      migrate(db, { namespace, migrations: defineMigrations([create, note, flag]) }),
    ).rejects.toThrow(
      `Migrations ${namespace}/0002_add_note, ${namespace}/0003_add_flag are not applied, but ` +
        `${namespace}/0004_add_size, which comes after them, already is: they were probably merged`,
    );
  });

  it('applies each migration once when several callers migrate at the same time', async () => {
    const { namespace, migrations } = testMigrations();
    const location = opened.location;
    // On Postgres: separate pools, i.e. separate sessions, as separate processes would be.
    // On PGlite one process owns the folder; concurrent callers share the database.
    const extra =
      'url' in location ? await Promise.all([openDatabase(location), openDatabase(location)]) : [];
    try {
      const databases = [opened.db, ...extra, opened.db];
      const results = await Promise.all(
        databases.map((db) => migrate(db, { namespace, migrations })),
      );
      expect(results.flatMap((r) => r.applied).sort()).toEqual([
        '0001_create_things',
        '0002_add_function',
      ]);
      expect(results.filter((r) => r.applied.length === 0)).toHaveLength(databases.length - 1);
    } finally {
      await Promise.all(extra.map((db) => db.close()));
    }
  });
});
