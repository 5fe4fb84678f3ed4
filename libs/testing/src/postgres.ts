import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { Client } from 'pg';
import { isDockerAvailable } from './docker';
import { uniqueName } from './unique-name';

export type PostgresSource = 'DATABASE_URL' | 'testcontainers' | 'local';

export interface ResolvedPostgres {
  url: string;
  source: PostgresSource;
  container?: StartedPostgreSqlContainer;
}

/** The server every dev and CI machine here runs (trust auth). */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** DATABASE_URL → Docker (postgres:16 through testcontainers) → the local server on 127.0.0.1:5432. */
export async function resolvePostgres(
  log: (line: string) => void = () => undefined,
): Promise<ResolvedPostgres> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) return { url: fromEnv, source: 'DATABASE_URL' };
  if (await isDockerAvailable()) {
    log('starting postgres:16 with testcontainers…');
    const container = await new PostgreSqlContainer('postgres:16').start();
    return { url: container.getConnectionUri(), source: 'testcontainers', container };
  }
  await assertReachable(LOCAL_POSTGRES_URL);
  return { url: LOCAL_POSTGRES_URL, source: 'local' };
}

async function assertReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No Postgres for the integration tests: ${redact(url)} answered "${(error as Error).message}". ` +
        'Set DATABASE_URL, start Docker, or start the local server ' +
        '(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start).',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the resolved server, so suites never see each other's tables. */
export async function createTestDatabase(
  serverUrl = requireEnv('DATABASE_URL'),
): Promise<TestDatabase> {
  const name = uniqueName('it').replace(/-/g, '_');
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

/**
 * Ends every session of these test databases, as a server restart or a failover does, and waits
 * until each is gone. It runs from the server's own database, so it never ends itself. Resolves
 * with how many sessions it ended.
 */
export async function endSessions(databaseUrls: readonly string[]): Promise<number> {
  const names = databaseUrls.map((url) => new URL(url).pathname.slice(1));
  return withClient(requireEnv('DATABASE_URL'), async (client) => {
    const { rows } = await client.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid, 5000) AS ended FROM pg_stat_activity WHERE datname = ANY($1)',
      [names],
    );
    return rows.filter((row) => row.ended).length;
  });
}

/** Ends one session (a pid from pg_backend_pid()) and waits until it is gone. */
export async function endSession(pid: number): Promise<void> {
  await withClient(requireEnv('DATABASE_URL'), (client) =>
    client.query('SELECT pg_terminate_backend($1, 5000)', [pid]),
  );
}

/** The sessions of a test database whose last statement was a LISTEN: who waits for notifications. */
export async function listeningSessions(databaseUrl: string): Promise<number[]> {
  const name = new URL(databaseUrl).pathname.slice(1);
  return withClient(requireEnv('DATABASE_URL'), async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN %'",
      [name],
    );
    return rows.map((row) => row.pid);
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: add libs/testing's jest-integration.js to this project's jest.config.js.`,
    );
  return value;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]+@/, '//$1:***@');
}
