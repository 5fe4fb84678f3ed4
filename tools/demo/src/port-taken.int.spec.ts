import { testBrokers } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionTopics } from './provision';
import { SERVICES, ServiceProcess } from './services';

/**
 * A service started on a port another process holds must exit before it joins its consumer group:
 * a member that exits without leaving keeps its partitions until the session times out, so the
 * instances already running there stop consuming them.
 */
describe('a reference service whose HTTP port is taken', () => {
  const basePort = 3421;
  const workDir = mkdtempSync(join(tmpdir(), 'demo-port-taken-'));
  const kafka = new Kafka({
    brokers: testBrokers(),
    clientId: 'demo-port-taken',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let blockers: Server[] = [];
  // Stopped whatever happened: a service that ignored the taken port would keep running.
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    await admin.connect();
    await provisionTopics(admin, () => undefined);
    blockers = await Promise.all(
      SERVICES.map(async ({ portOffset }) => {
        // Answers /health 503, so waiting for the service polls on until it exits.
        const server = createServer((_request, response) => response.writeHead(503).end());
        await new Promise<void>((resolve) => server.listen(basePort + portOffset, resolve));
        return server;
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
    await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
    await admin.disconnect();
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(SERVICES.map((spec) => [spec.name, spec] as const))(
    '%s-service says which port is taken and exits without joining its group',
    async (name, spec) => {
      const service = new ServiceProcess(spec, basePort + spec.portOffset, {
        brokers: testBrokers(),
        schemaPrefix: 'demo_',
        workDir,
        basePort,
      });
      started.push(service);
      service.start();
      await expect(service.waitHealthy(60_000)).rejects.toThrow('exited during start-up');
      expect(readFileSync(service.logFile, 'utf8')).toContain(
        `port ${service.port} is already in use`,
      );
      const [group] = (await admin.describeGroups([name])).groups;
      expect(group.members.map((member) => member.clientId)).not.toContain(`${name}.demo`);
    },
    90_000,
  );
});
