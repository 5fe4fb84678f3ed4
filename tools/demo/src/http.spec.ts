import { createServer } from 'node:net';
import { requestJson } from './http';

/** A port nothing listens on: taken from the OS, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('requestJson', () => {
  it('names the call when the service does not answer, instead of a bare "fetch failed"', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/orders/order-1`;
    await expect(requestJson('GET', url)).rejects.toThrow(
      `GET ${url}: no answer (connect ECONNREFUSED`,
    );
  });
});
