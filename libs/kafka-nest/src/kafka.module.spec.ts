import type { EventProducer } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { KafkaModule } from './kafka.module';

describe('KafkaModule shutdown', () => {
  it('disconnects the admin client even when the producer fails to disconnect, then reports that failure', async () => {
    const broken = new Error('producer disconnect failed');
    const producer = {
      disconnect: jest.fn().mockRejectedValue(broken),
    } as unknown as EventProducer;
    const admin = { disconnect: jest.fn().mockResolvedValue(undefined) } as unknown as Admin;
    await expect(new KafkaModule(producer, admin).onApplicationShutdown()).rejects.toBe(broken);
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });

  it('disconnects both when both succeed', async () => {
    const producer = {
      disconnect: jest.fn().mockResolvedValue(undefined),
    } as unknown as EventProducer;
    const admin = { disconnect: jest.fn().mockResolvedValue(undefined) } as unknown as Admin;
    await expect(new KafkaModule(producer, admin).onApplicationShutdown()).resolves.toBeUndefined();
    expect(producer.disconnect).toHaveBeenCalledTimes(1);
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });
});
