import { Kafka, logLevel } from 'kafkajs';

/**
 * Resolves once the cluster answers a metadata request listing `expectedBrokers` brokers
 * and has an active controller. `stillStarting` lets the caller abort early when a node died.
 */
export async function waitForCluster(
  bootstrap: string,
  expectedBrokers: number,
  options: { timeoutMs: number; stillStarting: () => void },
): Promise<void> {
  const kafka = new Kafka({
    brokers: bootstrap.split(','),
    clientId: 'kafka-local-wait',
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    options.stillStarting();
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (
        cluster.brokers.length >= expectedBrokers &&
        cluster.controller !== null &&
        cluster.controller >= 0
      )
        return;
      lastError = `${cluster.brokers.length}/${expectedBrokers} brokers registered`;
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `The cluster at ${bootstrap} did not answer metadata requests in time (${lastError}).`,
  );
}
