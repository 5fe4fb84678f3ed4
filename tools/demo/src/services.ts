import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The reference services the demo runs, in start order (participants before the orchestrator). */
export interface ServiceSpec {
  /** The service name: its consumer group, schema and app folder (`apps/<name>-service`). */
  name: 'inventory' | 'payments' | 'orders';
  /** Its port is the demo's base port plus this: orders 3001, inventory 3002, payments 3003 by default, as generated. */
  portOffset: number;
}

export const SERVICES: readonly ServiceSpec[] = [
  { name: 'inventory', portOffset: 1 },
  { name: 'payments', portOffset: 2 },
  { name: 'orders', portOffset: 0 },
];

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/**
 * The services' ports another process listens on, as `<port> (<name>-service)`. Checked as the
 * services bind (every address), since a demo still running there answers /health 200 and would
 * pass for the services just started.
 */
export async function portsInUse(basePort: number): Promise<string[]> {
  const taken: string[] = [];
  for (const { name, portOffset } of SERVICES) {
    const port = basePort + portOffset;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (!free) taken.push(`${port} (${name}-service)`);
  }
  return taken;
}

export interface ServiceEnvironment {
  brokers: string[];
  /** Postgres for every service (each in its own schema), or undefined for PGlite folders. */
  databaseUrl?: string;
  /** `<prefix><name>` is each service's schema on Postgres: demo-owned, dropped at start. */
  schemaPrefix: string;
  /** Where PGlite folders and logs go. */
  workDir: string;
  /** Each service listens on basePort + its portOffset (orders 3001, inventory 3002, payments 3003 by default). */
  basePort: number;
  /** Extra environment for every service (e.g. SAGA_STEP_TIMEOUT_MS). */
  serviceEnv?: Record<string, string>;
}

/**
 * One reference service as a child process, run from source (no build step), its output in
 * `<workDir>/logs/<name>.log` (closed when it exits). SIGKILL and restart are what the fault test uses.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ServiceSpec,
    readonly port: number,
    private readonly env: ServiceEnvironment,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(this.env.workDir, 'logs', `${this.spec.name}.log`);
  }

  start(): void {
    const { name } = this.spec;
    mkdirSync(join(this.env.workDir, 'logs'), { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const database = this.env.databaseUrl
      ? { DATABASE_URL: this.env.databaseUrl, DATABASE_SCHEMA: `${this.env.schemaPrefix}${name}` }
      : { PGLITE_DATA_DIR: join(this.env.workDir, 'data', name) };
    const {
      DATABASE_URL: _ignored,
      PGLITE_DATA_DIR: _alsoIgnored,
      FORCE_COLOR: _colorIgnored,
      ...inherited
    } = process.env;
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(WORKSPACE_ROOT, 'apps', `${name}-service`, 'src', 'main.ts'),
      ],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          ...inherited,
          // Under the demo's own settings: the ports, brokers and databases are what it checks.
          ...this.env.serviceEnv,
          ...database,
          PORT: String(this.port),
          KAFKA_BROKERS: this.env.brokers.join(','),
          KAFKA_CLIENT_ID: `${name}.demo`,
          // The output goes to a log file: plain text, no colour codes (Nest's logger reads NO_COLOR).
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Two sources share the log, so neither ends it: the child's 'close' (its output read to the
    // end, which 'exit' does not wait for) does. Until the log is closed its last lines may be
    // unwritten, lost to the demo's process.exit, and each restart would leave one more file open.
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) =>
      child.once('close', () => {
        log.once('close', () => resolve());
        log.end();
      }),
    );
    this.child = child;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Waits until /health answers 200 (the app is up and its consumer is in its group). */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running)
        throw new Error(`${this.spec.name}-service exited during start-up; see ${this.logFile}`);
      const status = await fetch(`${this.url}/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(
          `${this.spec.name}-service not healthy after ${timeoutMs / 1000} s (last /health: ${status || 'no answer'}); see ${this.logFile}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * SIGTERM (drain, commit, leave the group), or SIGKILL for a crash. Resolves once the service
   * exited and its log is written and closed, also when it had exited by itself.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    if (!this.running) return this.exited;
    this.child?.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
