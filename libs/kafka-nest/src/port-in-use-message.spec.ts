import { createServer, type Server } from 'node:net';
import { portInUseMessage } from './port-in-use-message';

describe('portInUseMessage', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  /** The error Node gives a second listen on a port, as Nest's app.listen passes it on. */
  async function listenTwice(): Promise<{ error: unknown; port: number }> {
    const first = createServer();
    servers.push(first);
    await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
    const port = (first.address() as { port: number }).port;
    const second = createServer();
    servers.push(second);
    const error = await new Promise((resolve) => {
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    return { error, port };
  }

  it('names the service, the port and the fix for a port already in use', async () => {
    const { error, port } = await listenTwice();
    expect(portInUseMessage(error, 'orders-service')).toBe(
      `Cannot start orders-service: port ${port} is already in use (another copy of the service, or another program, listens there). Stop that process, or set PORT to a free port.`,
    );
  });

  it('is undefined for any other error', () => {
    expect(portInUseMessage(new Error('boom'), 'orders-service')).toBeUndefined();
    expect(portInUseMessage(undefined, 'orders-service')).toBeUndefined();
    expect(portInUseMessage('EADDRINUSE', 'orders-service')).toBeUndefined();
  });
});
