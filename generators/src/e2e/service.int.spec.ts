/**
 * `nx g service` end to end, in a temporary copy of this workspace (generated apps never land in
 * the repo): generate a producer and a consumer of its events (with the outbox and a saga), grow
 * them with `nx g event` and `nx g handler`, consume a hand-written contract (schema only, no
 * type, no example), add an event to a reference service, then build, typecheck, lint and test
 * them (their integration tests on the real broker), check docker-compose.yml, provision their
 * topics with `npm run topics -- apply`, start the production bundles, and refuse what must be
 * refused.
 */
import { createTestDatabase, testBrokers } from '@platform/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { type CommandResult, run, TemporaryWorkspace } from './temporary-workspace';

jest.setTimeout(20 * 60_000);

// Fixed names: reruns reuse their topics and groups instead of piling up new ones on the broker.
const ORDERS = 'e2e-orders';
const BILLING = 'e2e-billing';
/** Owns a topic whose contract is written by hand: a schema constant only, no type, no example. */
const PARCELS = 'e2e-parcels';
/** Handles PARCELS' topic. */
const AUDIT = 'e2e-audit';

function expectSuccess(result: CommandResult): void {
  expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
}

function expectRefusal(result: CommandResult, message: string): void {
  expect(result.code).not.toBe(0);
  expect(result.output).toContain(message);
}

describe('nx g service in a copy of the workspace', () => {
  let workspace: TemporaryWorkspace;

  beforeAll(async () => {
    workspace = await TemporaryWorkspace.create('generators-e2e');
  }, 5 * 60_000);

  afterAll(async () => {
    await workspace?.remove();
  });

  it('generates a producer, a consumer of its events with the outbox, inbox and a saga, and grows them with event and handler', async () => {
    expectSuccess(await workspace.nx(['g', 'service', ORDERS, '--produces=order.created']));
    expectSuccess(
      await workspace.nx([
        'g',
        'service',
        BILLING,
        '--produces=invoice.created',
        `--consumes=${ORDERS}.order.created`,
        '--outbox',
        '--saga',
        '--port=3999',
      ]),
    );
    // Bare generator names, as the README writes them: no other plugin may claim them.
    expectSuccess(await workspace.nx(['g', 'event', `${ORDERS}.order.cancelled`, `--service=${ORDERS}`]));
    expectSuccess(await workspace.nx(['g', 'handler', `${ORDERS}.order.cancelled`, `--service=${BILLING}`]));
    const status = await workspace.gitStatus();
    expect(status).toContain(`apps/${BILLING}-service/src/handlers/${ORDERS}-order-cancelled.handler.ts`);
    expect(status).toContain(' M docker-compose.yml');
  });

  it('handles a topic whose contract exports only its schema, and adds an event to a reference service', async () => {
    expectSuccess(await workspace.nx(['g', 'service', PARCELS]));
    const parcels = join(workspace.root, 'apps', `${PARCELS}-service`, 'src');
    await mkdir(join(parcels, 'events'));
    await writeFile(
      join(parcels, 'events', 'parcel-sent.event.ts'),
      "import { z } from 'zod';\n\nexport const ParcelSent = z.object({ parcelId: z.string().min(1) });\n",
    );
    await writeFile(
      join(parcels, 'topic-catalog.ts'),
      [
        "import { defineCatalog, defineTopic } from '@platform/kafka';",
        "import { ParcelSent } from './events/parcel-sent.event';",
        '',
        `export const parcelSentTopic = defineTopic({ name: '${PARCELS}.parcel.sent', partitions: 3, key: 'parcel id', schema: ParcelSent });`,
        '',
        `export const catalog = defineCatalog({ service: '${PARCELS}', topics: [parcelSentTopic] });`,
        '',
      ].join('\n'),
    );
    expectSuccess(await workspace.nx(['g', 'service', AUDIT, `--consumes=${PARCELS}.parcel.sent`]));
    // orders-service's AppModule has no providers list: the publisher's is added.
    expectSuccess(await workspace.nx(['g', 'event', 'orders.order.archived', '--service=orders']));
  });

  it('writes nothing with --dry-run', async () => {
    const before = await workspace.gitStatus();
    const result = await workspace.nx(['g', 'service', 'e2e-dry', '--dry-run']);
    expectSuccess(result);
    expect(result.output).toContain('CREATE apps/e2e-dry-service/src/main.ts');
    expect(await workspace.gitStatus()).toBe(before);
  });

  it('refuses a second run and bad input with a clear message, changing nothing', async () => {
    const before = await workspace.gitStatus();
    expectRefusal(
      await workspace.nx(['g', 'service', ORDERS, '--produces=order.created']),
      `Cannot create service "${ORDERS}": project ${ORDERS}-service already exists`,
    );
    expectRefusal(
      await workspace.nx(['g', 'service', 'E2e']),
      'Invalid service name "E2e": must be lowercase (rule: lowercase). Example: order-history',
    );
    expect(await workspace.gitStatus()).toBe(before);
  });

  it('builds, typechecks, lints and tests the generated services, integration tests on the real broker', async () => {
    const projects = [ORDERS, BILLING, AUDIT].map((name) => `${name}-service`);
    const args = ['-t', 'build', 'typecheck', 'lint', 'test', '-p', ...projects, '--parallel=2'];
    const result = await workspace.nx(['run-many', ...args, '--outputStyle=stream'], 15 * 60_000);
    expectSuccess(result);
    // Nx forces colours in its tasks' output.
    const plain = stripVTControlCharacters(result.output);
    expect(plain).toMatch(new RegExp(`PASS\\s+${ORDERS}-service\\s+src/app/app\\.int\\.spec\\.ts`));
    expect(plain).toMatch(new RegExp(`PASS\\s+${BILLING}-service\\s+src/app/app\\.int\\.spec\\.ts`));
    // Subscribed without an example: the app starts, its delivery test is a todo.
    expect(plain).toMatch(new RegExp(`PASS\\s+${AUDIT}-service\\s+src/app/app\\.int\\.spec\\.ts`));
    expect(plain).toMatch(new RegExp(`${AUDIT}-service:\\s+Tests:\\s+1 todo, `));
  });

  it('typechecks and lints the reference service nx g event added to', async () => {
    const result = await workspace.nx(
      ['run-many', '-t', 'typecheck', 'lint', '-p', 'orders-service', '--outputStyle=stream'],
      5 * 60_000,
    );
    expectSuccess(result);
  });

  it('keeps docker-compose.yml as compose:generate writes it, each service once', async () => {
    const compose = await workspace.exec('npm', ['run', '-s', 'compose:generate']);
    expectSuccess(compose);
    expect(compose.output).toContain('is up to date');
    const driftTest = await run(join(workspace.root, 'node_modules', '.bin', 'jest'), ['src/compose.spec.ts'], {
      cwd: join(workspace.root, 'tools', 'kafka-local'),
      timeoutMs: 120_000,
    });
    expectSuccess(driftTest);
  });

  it('starts the production bundles: a clear error without configuration, a healthy consumer with it (outbox migrated)', async () => {
    const bundle = (service: string) => join(workspace.root, 'dist', 'apps', `${service}-service`, 'main.js');
    const misconfigured = await workspace.exec(process.execPath, [bundle(ORDERS)], 30_000, { KAFKA_BROKERS: '', PORT: 'eighty' });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.output).toContain(`Invalid configuration for ${ORDERS}-service:`);
    expect(misconfigured.output).toContain('PORT is "eighty": expected a whole number from 1 to 65535');
    expect(misconfigured.output).toContain('KAFKA_BROKERS is not set');

    // The consumer starts only when its topics and its handlers' retry and dead-letter topics exist:
    // provisioning's job, done the documented way, for the generated services' catalogs only.
    const catalogOf = (service: string) => join('apps', `${service}-service`, 'src', 'topic-catalog.ts');
    const provisioned = await workspace.exec(
      'npm',
      ['run', '-s', 'topics', '--', 'apply', '--catalog', catalogOf(ORDERS), '--catalog', catalogOf(BILLING)],
      120_000,
      { KAFKA_BROKERS: testBrokers().join(',') },
    );
    expectSuccess(provisioned);
    expect(provisioned.output).not.toContain('warning');
    const database = await createTestDatabase();
    const port = await freePort();
    const app = spawn(process.execPath, [bundle(BILLING)], {
      cwd: workspace.root,
      env: { ...process.env, PORT: String(port), DATABASE_URL: database.url },
      stdio: 'ignore',
    });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200, 'a healthy /health');
      const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', info: { kafka: { group: BILLING, member: true } } });
    } finally {
      await stop(app);
      await database.drop();
    }
  });

  it('serves a generated service with nx serve: one build in watch mode, started once, /health answers', async () => {
    const port = await freePort();
    const serve = spawn(join(workspace.root, 'node_modules', '.bin', 'nx'), ['serve', `${ORDERS}-service`, '--inspect=false'], {
      cwd: workspace.root,
      // Its own process group: nx, the watching build and the app stop together.
      detached: true,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', PORT: String(port), KAFKA_BROKERS: testBrokers().join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    serve.stdout?.on('data', (chunk) => (output += chunk));
    serve.stderr?.on('data', (chunk) => (output += chunk));
    try {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200,
        'nx serve to answer /health',
        180_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
      // A build that does not watch ends at once, and @nx/js:node then restarts the app every
      // second: it would start again (or never get this far).
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const starts = output.split(`${ORDERS}-service listening on port ${port}`).length - 1;
      expect({ starts, restarts: output.includes('waiting for changes to restart') }).toEqual({ starts: 1, restarts: false });
    } finally {
      await stopGroup(serve);
    }
  });
});

/** Stops nx serve's process group (nx, webpack's watch, the app) with SIGTERM, then SIGKILL. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(-pid, 'SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM, as an orchestrator stops it: the app drains, commits and exits. */
function stop(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null || app.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => app.kill('SIGKILL'), 30_000);
    app.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    app.kill('SIGTERM');
  });
}
