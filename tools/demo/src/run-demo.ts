import { resolveKafkaBroker } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';
import { join } from 'node:path';
import { checkOutcomeEvents, checkSampleOutcomes } from './checks';
import { resetDemoDatabases } from './database';
import { expectJson } from './http';
import { provisionTopics } from './provision';
import { DEMO_SKU, DEMO_STOCK, placeOrder, SAMPLE_ORDERS, waitForSagaEnd } from './sample-orders';
import {
  portsInUse,
  SERVICES,
  type ServiceEnvironment,
  ServiceProcess,
  WORKSPACE_ROOT,
} from './services';
import { renderTimeline } from './timeline';

/** The services' environment (ports, database, work folder, extra variables) without the brokers, which the demo finds. */
export interface DemoOptions extends Omit<ServiceEnvironment, 'brokers'> {
  log: (line: string) => void;
  /**
   * Given the demo's stop before any service starts, so a signal during start-up can stop what
   * was started: the services outlive a demo process that just exits.
   */
  onStoppable?: (stop: () => Promise<void>) => void;
}

export interface RunningDemo {
  services: Record<ServiceProcess['spec']['name'], ServiceProcess>;
  /** Problems found in the sample orders' outcomes; empty when every saga ended as it should. */
  problems: string[];
  /** Stops the services (SIGTERM: drain, commit, leave the group) and a broker container the demo started. */
  stop(): Promise<void>;
}

export const DEFAULT_DEMO_OPTIONS = {
  basePort: 3001,
  schemaPrefix: 'demo_',
  workDir: join(WORKSPACE_ROOT, '.demo'),
};

const SCHEMA_PREFIX = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * The whole demo: broker, databases, topics, the three services, the sample orders and their
 * timelines. Leaves the services running; the caller stops them.
 */
export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const { log } = options;
  if (!SCHEMA_PREFIX.test(options.schemaPrefix)) {
    throw new Error(
      `Invalid schema prefix "${options.schemaPrefix}": lowercase letters, digits and underscores, e.g. demo_`,
    );
  }
  // Before anything is reset: a demo still running there would lose its databases, and its
  // services would answer for ours (a 500 later instead of this).
  const taken = await portsInUse(options.basePort);
  if (taken.length > 0) {
    throw new Error(
      `ports already in use: ${taken.join(', ')}. Is another demo still running? Stop it (Ctrl+C), ` +
        'or give this one three other ports: npm run demo -- --port 4001',
    );
  }
  log('1/5 Kafka: looking for a broker (KAFKA_BROKERS, then Docker, then tools/kafka-local)…');
  const broker = await resolveKafkaBroker((line) => log(`    ${line}`));
  log(`    using ${broker.brokers.join(',')} (${broker.source})`);

  const services = Object.fromEntries(
    SERVICES.map((spec) => [
      spec.name,
      new ServiceProcess(spec, options.basePort + spec.portOffset, {
        ...options,
        brokers: broker.brokers,
      }),
    ]),
  ) as RunningDemo['services'];
  const stop = async (): Promise<void> => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await broker.container?.stop();
  };
  options.onStoppable?.(stop);

  try {
    log(
      options.databaseUrl
        ? `2/5 Database: Postgres from DATABASE_URL, schemas ${SERVICES.map((s) => options.schemaPrefix + s.name).join(', ')} (recreated)`
        : `2/5 Database: embedded PGlite per service in ${join(options.workDir, 'data')} (recreated; set DATABASE_URL for Postgres)`,
    );
    await resetDemoDatabases(options);

    log('3/5 Topics: applying the plan of every topic catalog…');
    const admin = new Kafka({
      brokers: broker.brokers,
      clientId: 'demo',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await provisionTopics(admin, log);
    } finally {
      await admin.disconnect();
    }

    log(
      `4/5 Services: starting ${SERVICES.map((s) => `${s.name}-service`).join(', ')} (logs in ${join(options.workDir, 'logs')})…`,
    );
    for (const service of Object.values(services)) service.start();
    for (const service of Object.values(services)) {
      log(
        `    waiting for ${service.spec.name}-service on ${service.url}/health (database migrated, consumer in its group)…`,
      );
      await service.waitHealthy(120_000);
    }

    log(
      `5/5 Orders: stock of ${DEMO_SKU} set to ${DEMO_STOCK}, placing ${SAMPLE_ORDERS.length} orders…`,
    );
    await expectJson('PUT', `${services.inventory.url}/stock/${DEMO_SKU}`, {
      available: DEMO_STOCK,
    });
    const placed = await Promise.all(
      SAMPLE_ORDERS.map(async (sample) => ({
        sample,
        order: await placeOrder(services.orders.url, sample.request),
      })),
    );
    const results = [];
    for (const { sample, order } of placed) {
      const ended = await waitForSagaEnd(services.orders.url, order.orderId, 90_000);
      results.push({ sample, order: ended });
      log('');
      log(`${sample.label}:`);
      for (const line of renderTimeline(ended)) log(`  ${line}`);
    }
    log('');
    log(
      'checking each service’s state and the outcome events on orders.order.approved / .rejected…',
    );
    const problems = [
      ...(await checkSampleOutcomes(
        { inventory: services.inventory.url, payments: services.payments.url },
        results,
      )),
      ...(await checkOutcomeEvents(broker.brokers, results)),
    ];
    return { services, problems, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
