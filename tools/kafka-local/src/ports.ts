import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

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
