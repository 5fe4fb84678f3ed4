import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, ServiceProcess } from './services';

describe('ServiceProcess', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'demo-service-process-'));

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("gives the service serviceEnv, the environment every demo service gets on top of the demo's", async () => {
    const orders = SERVICES.find((spec) => spec.name === 'orders');
    const service = new ServiceProcess(orders!, 3499, {
      // No broker is reached: orders-service refuses this setting before it connects.
      brokers: ['127.0.0.1:1'],
      schemaPrefix: 'demo_',
      workDir,
      basePort: 3499,
      serviceEnv: { SAGA_STEP_TIMEOUT_MS: 'soon' },
    });
    service.start();
    await expect(service.waitHealthy(30_000)).rejects.toThrow('exited during start-up');
    expect(readFileSync(service.logFile, 'utf8')).toContain('SAGA_STEP_TIMEOUT_MS is "soon"');
  });
});
