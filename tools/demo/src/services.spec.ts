import { mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, ServiceProcess } from './services';

/** The log streams ServiceProcess opened, kept to see whether it closed them. */
const mockOpenedLogs: WriteStream[] = [];
jest.mock('node:fs', () => {
  const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...fs,
    createWriteStream: (...args: Parameters<typeof fs.createWriteStream>) => {
      const stream = fs.createWriteStream(...args);
      mockOpenedLogs.push(stream);
      return stream;
    },
  };
});

describe('ServiceProcess', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'demo-service-process-'));
  const orders = SERVICES.find((spec) => spec.name === 'orders')!;

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  beforeEach(() => mockOpenedLogs.splice(0));

  /** orders-service refuses this setting before it connects: no broker is reached. */
  function refusedOrders(port: number): ServiceProcess {
    return new ServiceProcess(orders, port, {
      brokers: ['127.0.0.1:1'],
      schemaPrefix: 'demo_',
      workDir,
      basePort: port,
      serviceEnv: { SAGA_STEP_TIMEOUT_MS: 'soon' },
    });
  }

  it("gives the service serviceEnv, the environment every demo service gets on top of the demo's", async () => {
    const service = refusedOrders(3499);
    service.start();
    await expect(service.waitHealthy(30_000)).rejects.toThrow('exited during start-up');
    await service.stop();
    expect(readFileSync(service.logFile, 'utf8')).toContain('SAGA_STEP_TIMEOUT_MS is "soon"');
  });

  it('closes the log of a service that exited by itself once stopped, with all it wrote', async () => {
    const logs = mockOpenedLogs;
    const service = refusedOrders(3498);
    service.start();
    await expect(service.waitHealthy(30_000)).rejects.toThrow('exited during start-up');
    await service.stop();
    expect(logs).toHaveLength(1);
    expect(logs[0].closed).toBe(true);
    expect(readFileSync(service.logFile, 'utf8')).toContain('SAGA_STEP_TIMEOUT_MS is "soon"');
  });

  it('closes the log of a running service it stops, and each restart opens its own', async () => {
    const logs = mockOpenedLogs;
    const service = refusedOrders(3497);
    service.start();
    await service.stop('SIGKILL');
    service.start();
    await service.stop();
    expect(logs).toHaveLength(2);
    expect(logs.map((log) => log.closed)).toEqual([true, true]);
  });
});
