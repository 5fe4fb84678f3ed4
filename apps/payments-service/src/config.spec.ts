import { DEFAULT_DATABASE_SCHEMA, DEFAULT_PORT, loadConfig, SERVICE_NAME } from './config';

/** What a healthy environment sets. PORT, Kafka and the database are read by serviceConfigFromEnv (@platform/kafka-nest), tested there. */
const VALID: NodeJS.ProcessEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
};

describe('loadConfig', () => {
  it("reads this service's settings from a healthy environment", () => {
    expect(loadConfig(VALID)).toMatchObject({
      port: DEFAULT_PORT,
      kafka: { service: SERVICE_NAME, brokers: ['127.0.0.1:9092'] },
      database: { url: VALID.DATABASE_URL, schema: DEFAULT_DATABASE_SCHEMA },
      consumer: { session: { sessionTimeoutMs: 10_000 } },
    });
  });
});
