import { createTestDatabase, type TestDatabase } from '@platform/testing';
import { Client } from 'pg';

describe('Postgres for integration tests', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('gives each suite its own empty database', async () => {
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0].name).toBe(database.name);
    const tables = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rowCount).toBe(0);
  });

  it('commits and rolls back transactions for real', async () => {
    await client.query('CREATE TABLE t (id int primary key)');
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (1)');
    await client.query('ROLLBACK');
    await client.query('INSERT INTO t VALUES (2)');
    const { rows } = await client.query<{ id: number }>('SELECT id FROM t');
    expect(rows).toEqual([{ id: 2 }]);
  });
});
