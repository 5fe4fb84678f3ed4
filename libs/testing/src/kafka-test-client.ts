import { Kafka, logLevel } from 'kafkajs';

/** The brokers chosen by global setup (see jest-integration.js). */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error("KAFKA_BROKERS is not set: add libs/testing's jest-integration.js to this project's jest.config.js.");
  return brokers.split(',');
}

/**
 * A plain kafkajs client for test setup and assertions (admin, raw producers/consumers).
 * kafkajs logs retriable startup noise (e.g. "group coordinator not available") as ERROR, so it
 * stays quiet unless TEST_KAFKA_LOG=info|warn|error|debug; tests assert outcomes, not log lines.
 */
export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({ brokers: testBrokers(), clientId, logLevel: testLogLevel() });
}

export function testLogLevel(): logLevel {
  const wanted = process.env.TEST_KAFKA_LOG?.toUpperCase();
  return wanted && wanted in logLevel ? logLevel[wanted as keyof typeof logLevel] : logLevel.NOTHING;
}
