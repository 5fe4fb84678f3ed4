import { serviceConfigFromEnv, ServiceConfigError } from '@platform/kafka-nest';
import { DatabaseConfigError, databaseConfigFromEnv, readDatabaseConfig } from './database-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    databaseConfigFromEnv('order-history', env);
  } catch (error) {
    if (error instanceof DatabaseConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('databaseConfigFromEnv', () => {
  it('opens Postgres from DATABASE_URL or PGlite in PGLITE_DATA_DIR, in the service schema by default', () => {
    expect(
      databaseConfigFromEnv('order-history', { DATABASE_URL: 'postgres://u@db:5432/x' }),
    ).toEqual({ url: 'postgres://u@db:5432/x', schema: 'order_history' });
    expect(databaseConfigFromEnv('billing', { PGLITE_DATA_DIR: './data' })).toEqual({
      dataDir: './data',
      schema: 'billing',
    });
  });

  it('takes DATABASE_SCHEMA and refuses one that would need quoting', () => {
    expect(
      databaseConfigFromEnv('billing', { PGLITE_DATA_DIR: './d', DATABASE_SCHEMA: 'billing_v2' }),
    ).toMatchObject({ schema: 'billing_v2' });
    expect(problemsOf({ PGLITE_DATA_DIR: './d', DATABASE_SCHEMA: 'Billing-V2' })).toEqual([
      'DATABASE_SCHEMA is "Billing-V2": expected lowercase letters, digits and underscores, e.g. DATABASE_SCHEMA=order_history',
    ]);
  });

  it('refuses no database, both, or a URL of another kind, never repeating the URL', () => {
    expect(problemsOf({})).toEqual([expect.stringContaining('DATABASE_URL is not set')]);
    expect(problemsOf({ DATABASE_URL: 'postgres://u@db/x', PGLITE_DATA_DIR: './d' })).toEqual([
      expect.stringContaining('both set'),
    ]);
    const wrongKind = problemsOf({ DATABASE_URL: 'mysql://root:secret@db/x' });
    expect(wrongKind).toEqual([expect.stringContaining('is not a postgres:// URL')]);
    expect(wrongKind.join()).not.toContain('secret');
  });

  it('refuses a PGLITE_DATA_DIR that PGlite reads as no folder (memory://, idb://), where the outbox would not survive a restart', () => {
    for (const dataDir of ['memory://', 'memory://billing', 'idb://billing'])
      expect(problemsOf({ PGLITE_DATA_DIR: dataDir })).toEqual([
        `PGLITE_DATA_DIR is "${dataDir}": expected a folder, e.g. PGLITE_DATA_DIR=./data (PGlite keeps a memory:// or browser database nowhere on disk, so the outbox would not survive a restart)`,
      ]);
    expect(problemsOf({ PGLITE_DATA_DIR: 'file:///var/lib/billing' })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ DATABASE_SCHEMA: 'X' })).toHaveLength(2);
  });
});

describe('readDatabaseConfig', () => {
  const configOf = (env: NodeJS.ProcessEnv) =>
    serviceConfigFromEnv({
      service: 'order-history',
      defaultPort: 3004,
      env,
      extras: { database: readDatabaseConfig },
    });

  it("reads the service's database as one of serviceConfigFromEnv's extras", () => {
    expect(
      configOf({ KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u@db:5432/x' })
        .database,
    ).toEqual({ url: 'postgres://u@db:5432/x', schema: 'order_history' });
  });

  it("adds its problems to the service's list, after the Kafka ones", () => {
    let error: unknown;
    try {
      configOf({ PORT: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServiceConfigError);
    expect((error as ServiceConfigError).problems).toEqual([
      expect.stringContaining('PORT is "x"'),
      expect.stringContaining('KAFKA_BROKERS is not set'),
      expect.stringContaining('DATABASE_URL is not set'),
    ]);
  });
});
