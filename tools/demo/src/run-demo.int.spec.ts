import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from './run-demo';

/** Listens where a service would and answers /health 200, as a demo still running does. */
async function healthyImpostor(port: number): Promise<Server> {
  const server = createServer((_request, response) => response.writeHead(200).end('{}'));
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}

describe('runDemo when its ports are taken', () => {
  const basePort = 3411;
  const workDir = mkdtempSync(join(tmpdir(), 'demo-ports-'));
  const marker = join(workDir, 'data', 'orders', 'still-here');
  let servers: Server[] = [];

  beforeAll(async () => {
    mkdirSync(join(workDir, 'data', 'orders'), { recursive: true });
    writeFileSync(marker, 'the running demo’s database');
    servers = await Promise.all([0, 1, 2].map((offset) => healthyImpostor(basePort + offset)));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('refuses before touching anything, naming each port, its service and what to do', async () => {
    const lines: string[] = [];
    const demo = runDemo({
      basePort,
      schemaPrefix: 'demo_',
      workDir,
      log: (line) => lines.push(line),
    });
    await expect(demo).rejects.toThrow(
      'ports already in use: 3412 (inventory-service), 3413 (payments-service), 3411 (orders-service)',
    );
    await expect(demo).rejects.toThrow(/another demo still running\? Stop it .*--port/);
    // The other demo's databases are left as they were.
    expect(existsSync(marker)).toBe(true);
  });
});
