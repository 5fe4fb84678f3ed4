import { createServer, type Server, type Socket } from 'node:net';
import { NotificationListener } from './notification-listener';

/** A server that accepts connections and never answers: a host that hangs, a half-open failover. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: connecting fails at once. */
async function closedPortUrl(): Promise<string> {
  const server = await silentServer();
  await server.close();
  return server.url;
}

describe('NotificationListener', () => {
  it('fails every caller that asked for a channel while its LISTEN was failing, not only the first', async () => {
    const listener = new NotificationListener(await closedPortUrl());
    const first = listener.listen('orders', () => undefined);
    const second = listener.listen('orders', () => undefined);
    await expect(first).rejects.toThrow(/ECONNREFUSED/);
    await expect(second).rejects.toThrow(/ECONNREFUSED/);
    await listener.close();
  });

  it('gives up connecting after the connect timeout, and closes, when the server never answers', async () => {
    const server = await silentServer();
    const listener = new NotificationListener(server.url, () => undefined, 300);
    try {
      const started = Date.now();
      await expect(listener.listen('orders', () => undefined)).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(5_000);
      await listener.close();
    } finally {
      await server.close();
    }
  });
});
