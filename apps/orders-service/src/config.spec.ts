import {
  ConfigError,
  DEFAULT_DATABASE_SCHEMA,
  DEFAULT_PORT,
  loadConfig,
  SERVICE_NAME,
} from './config';

/** What a healthy environment sets. PORT, Kafka and the database are read by serviceConfigFromEnv (@platform/kafka-nest), tested there. */
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
  it("reads this service's settings from a healthy environment", () => {
    expect(loadConfig(VALID)).toMatchObject({
      port: DEFAULT_PORT,
      kafka: { service: SERVICE_NAME, brokers: ['127.0.0.1:9092'] },
      database: { url: VALID.DATABASE_URL, schema: DEFAULT_DATABASE_SCHEMA },
      consumer: { session: { sessionTimeoutMs: 10_000 } },
    });
  });

  it('reads the saga step timeout, 30 s by default, and refuses one that is not whole milliseconds', () => {
    expect(loadConfig(VALID).sagaStepTimeoutMs).toBe(30_000);
    expect(loadConfig({ ...VALID, SAGA_STEP_TIMEOUT_MS: '120000' }).sagaStepTimeoutMs).toBe(
      120_000,
    );
    expect(problemsOf({ ...VALID, SAGA_STEP_TIMEOUT_MS: '2s' })).toEqual([
      expect.stringContaining('SAGA_STEP_TIMEOUT_MS is "2s"'),
    ]);
  });

  it('refuses a step timeout above 2147483647 ms (a deadline that far out is no Date: every saga start failed)', () => {
    expect(loadConfig({ ...VALID, SAGA_STEP_TIMEOUT_MS: '2147483647' }).sagaStepTimeoutMs).toBe(
      2_147_483_647,
    );
    expect(problemsOf({ ...VALID, SAGA_STEP_TIMEOUT_MS: '99999999999999999999' })).toEqual([
      expect.stringContaining('at most 2147483647'),
    ]);
  });
});
