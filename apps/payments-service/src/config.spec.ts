import {
  ConfigError,
  DEFAULT_DATABASE_SCHEMA,
  DEFAULT_PORT,
  loadConfig,
  SERVICE_NAME,
} from './config';

/** What a healthy environment sets. */
const VALID: NodeJS.ProcessEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
};

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the port and the brokers', () => {
    const config = loadConfig({
      ...VALID,
      PORT: '8080',
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
    });
    expect(config.port).toBe(8080);
    expect(config.kafka).toMatchObject({
      service: SERVICE_NAME,
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
    });
  });

  it('listens on DEFAULT_PORT when PORT is not set', () => {
    expect(loadConfig(VALID).port).toBe(DEFAULT_PORT);
  });

  it('lists every problem at once, each with a valid example', () => {
    const problems = problemsOf({ PORT: 'eighty' });
    expect(problems).toEqual(
      expect.arrayContaining([
        `PORT is "eighty": expected a whole number from 1 to 65535, e.g. PORT=${DEFAULT_PORT}`,
        expect.stringContaining('KAFKA_BROKERS is not set'),
      ]),
    );
  });

  it('creates missing retry and dead-letter topics only when KAFKA_CREATE_DERIVED_TOPICS=true', () => {
    expect(loadConfig(VALID).consumer?.createDerivedTopics).toBeUndefined();
    expect(
      loadConfig({ ...VALID, KAFKA_CREATE_DERIVED_TOPICS: 'true' }).consumer?.createDerivedTopics,
    ).toBe(true);
    expect(problemsOf({ ...VALID, KAFKA_CREATE_DERIVED_TOPICS: 'yes' })).toEqual([
      expect.stringContaining('KAFKA_CREATE_DERIVED_TOPICS is "yes"'),
    ]);
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ ...VALID, PORT: '70000' })).toEqual([
      expect.stringContaining('PORT is "70000"'),
    ]);
  });

  it('opens Postgres from DATABASE_URL, or PGlite in PGLITE_DATA_DIR', () => {
    expect(loadConfig(VALID).database).toEqual({
      url: VALID.DATABASE_URL,
      schema: DEFAULT_DATABASE_SCHEMA,
    });
    expect(
      loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', PGLITE_DATA_DIR: './data' }).database,
    ).toEqual({ dataDir: './data', schema: DEFAULT_DATABASE_SCHEMA });
  });

  it('owns the schema DATABASE_SCHEMA names, and refuses one that would need quoting', () => {
    expect(loadConfig({ ...VALID, DATABASE_SCHEMA: 'billing_v2' }).database).toMatchObject({
      schema: 'billing_v2',
    });
    expect(problemsOf({ ...VALID, DATABASE_SCHEMA: 'Billing-V2' })).toEqual([
      expect.stringContaining('DATABASE_SCHEMA is "Billing-V2"'),
    ]);
  });

  it('refuses to start without a durable database, never repeating the URL', () => {
    expect(problemsOf({ KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual([
      expect.stringContaining('DATABASE_URL is not set'),
    ]);
    expect(
      problemsOf({ KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'mysql://root:secret@db/x' }),
    ).toEqual([expect.not.stringContaining('secret')]);
  });
});
