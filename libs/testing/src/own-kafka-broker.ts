import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down, freeBasePort, up } from '@platform/kafka-local';
import { Kafka } from 'kafkajs';
import { testLogLevel } from './kafka-test-client';

/** A broker only this test uses: it may stop it, as an outage does. */
export interface OwnKafkaBroker {
  /** A client for it (quiet like testKafka's). */
  kafka: Kafka;
  /** Stops the broker and keeps its data: the outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the data it had. */
  start(): Promise<void>;
  /** Stops it and deletes everything it wrote. */
  remove(): Promise<void>;
}

/**
 * A single-node kafka-local cluster of a test's own (its own folder and free ports, 256 MB heap)
 * for fault tests that stop the broker: stopping the shared one would break every other suite
 * running at the same time. Takes a few seconds to start; remove() it in afterAll.
 */
export async function startOwnKafkaBroker(clientId: string): Promise<OwnKafkaBroker> {
  const home = mkdtempSync(join(tmpdir(), 'own-kafka-'));
  const remove = async (): Promise<void> => {
    await down({ home, reset: true });
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const { basePort, bootstrap } = await startOnFreePorts(home);
    const start = (): Promise<string> => up({ home, basePort, heap: '256m' });
    return {
      kafka: new Kafka({ brokers: [bootstrap], clientId, logLevel: testLogLevel() }),
      stop: async () => void (await down({ home })),
      start: async () => void (await start()),
      remove,
    };
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
}

/** Another suite may take the same free ports between our look and our bind: then try others. */
async function startOnFreePorts(home: string): Promise<{ basePort: number; bootstrap: string }> {
  for (let attempt = 1; ; attempt++) {
    const basePort = await freeBasePort();
    try {
      return { basePort, bootstrap: await up({ home, basePort, heap: '256m' }) };
    } catch (error) {
      await down({ home, reset: true }).catch(() => undefined);
      if (attempt === 3) throw error;
    }
  }
}
