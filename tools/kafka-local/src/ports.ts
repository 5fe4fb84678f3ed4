import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { CONTROLLER_PORT_OFFSET } from './layout';

/** True when nothing listens on 127.0.0.1:port (we try to bind it ourselves, then let go). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** Best effort "java (pid 1234)" for whoever listens on a TCP port; undefined when unknown. */
export function describePortOwner(port: number): string | undefined {
  const result = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(result.stdout);
  return match ? `${match[1]} (pid ${match[2]})` : undefined;
}

/**
 * A broker port for a cluster of its own (a test that stops its broker must not stop the shared
 * one), chosen so that its controller port, CONTROLLER_PORT_OFFSET above, is free as well. The
 * search starts at a random place in [from, to): test suites that run at the same time then
 * rarely pick the same pair between looking and binding (startOwnKafkaBroker retries if they do).
 */
export async function freeBasePort(from = 39092, to = 45000): Promise<number> {
  const size = to - from;
  const offset = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = from + ((offset + i) % size);
    if ((await isPortFree(port)) && (await isPortFree(port + CONTROLLER_PORT_OFFSET))) return port;
  }
  throw new Error(`No free broker and controller port pair between ${from} and ${to}`);
}
