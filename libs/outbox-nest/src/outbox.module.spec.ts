import { Logger } from '@nestjs/common';
import type { Database } from '@platform/database';
import type { OutboxRelay } from '@platform/outbox';
import { OutboxModule } from './outbox.module';

// Nest stops at the first shutdown hook that rejects: a relay that fails to stop would skip every
// onApplicationShutdown (the database and the Kafka producer stay open), a failed database close
// the hooks of the modules after this one (KafkaModule's). Failures are logged instead.
describe('OutboxModule shutdown', () => {
  const errors: string[] = [];
  beforeEach(() => {
    errors.length = 0;
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
  });
  afterEach(() => jest.restoreAllMocks());

  function outboxModule(failures: { stop?: Error; close?: Error }) {
    const relay = {
      stop: jest.fn(() => (failures.stop ? Promise.reject(failures.stop) : Promise.resolve())),
    } as unknown as OutboxRelay;
    const db = {
      close: jest.fn(() => (failures.close ? Promise.reject(failures.close) : Promise.resolve())),
    } as unknown as Database;
    return { module: new OutboxModule(db, relay), relay, db };
  }

  it('logs a relay that fails to stop, so the shutdown goes on to close the database', async () => {
    const { module, db } = outboxModule({ stop: new Error('producer gone') });
    await expect(module.beforeApplicationShutdown()).resolves.toBeUndefined();
    await expect(module.onApplicationShutdown()).resolves.toBeUndefined();
    expect(db.close).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([
      expect.stringMatching(/Could not stop the outbox relay.*producer gone/),
    ]);
  });

  it('logs a database that fails to close instead of failing the shutdown', async () => {
    const { module } = outboxModule({ close: new Error('pool already ended') });
    await expect(module.onApplicationShutdown()).resolves.toBeUndefined();
    expect(errors).toEqual([
      expect.stringMatching(/Could not close the database.*pool already ended/),
    ]);
  });

  it('stops the relay and closes the database, logging nothing, when both succeed', async () => {
    const { module, relay, db } = outboxModule({});
    await module.beforeApplicationShutdown();
    await module.onApplicationShutdown();
    expect(relay.stop).toHaveBeenCalledTimes(1);
    expect(db.close).toHaveBeenCalledTimes(1);
    expect(errors).toEqual([]);
  });
});
