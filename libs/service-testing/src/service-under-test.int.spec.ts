import type { INestApplication } from '@nestjs/common';
import { defineCatalog } from '@platform/kafka';
import { uniqueName } from '@platform/testing';
import { ServiceUnderTest } from './service-under-test';

/**
 * A stand-in app that records how the harness starts it; `listen` fails when asked to. No topics
 * and no database: only the start sequence is under test (the admin client still uses the broker).
 */
function recordingApp(options: { listenFails?: Error } = {}) {
  const calls: string[] = [];
  const app = {
    listen: async () => {
      calls.push('listen');
      if (options.listenFails) throw options.listenFails;
    },
    startAllMicroservices: async () => {
      calls.push('startAllMicroservices');
    },
    getUrl: async () => 'http://127.0.0.1:1',
    get: () => ({}),
    close: async () => {
      calls.push('close');
    },
  };
  return { app: app as unknown as INestApplication, calls };
}

function start(app: INestApplication): Promise<ServiceUnderTest> {
  const name = uniqueName('sut');
  return ServiceUnderTest.start({
    name,
    catalog: defineCatalog({ service: name, topics: [] }),
    subscriptions: [],
    createApp: async () => app,
  });
}

describe('ServiceUnderTest.start', () => {
  it('starts the app as main.ts does: HTTP first, then the consumer', async () => {
    const { app, calls } = recordingApp();
    const service = await start(app);
    await service.stop();
    expect(calls).toEqual(['listen', 'startAllMicroservices', 'close']);
  });

  it('fails on a port it cannot listen on before the consumer starts, and closes the app', async () => {
    const taken = Object.assign(new Error('listen EADDRINUSE: address already in use'), {
      code: 'EADDRINUSE',
    });
    const { app, calls } = recordingApp({ listenFails: taken });
    await expect(start(app)).rejects.toBe(taken);
    expect(calls).toEqual(['listen', 'close']);
  });
});
