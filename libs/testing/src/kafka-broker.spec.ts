import { resolveKafkaBroker } from './kafka-broker';
import { uniqueName } from './unique-name';

describe('resolveKafkaBroker', () => {
  const saved = process.env.KAFKA_BROKERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.KAFKA_BROKERS;
    else process.env.KAFKA_BROKERS = saved;
  });

  it('uses an existing cluster from KAFKA_BROKERS first, trimming each address', async () => {
    process.env.KAFKA_BROKERS = ' kafka-1:9092, kafka-2:9092 ';
    await expect(resolveKafkaBroker()).resolves.toEqual({ brokers: ['kafka-1:9092', 'kafka-2:9092'], source: 'KAFKA_BROKERS' });
  });

  it('ignores empty entries in KAFKA_BROKERS (a trailing comma) and refuses a list without any address', async () => {
    process.env.KAFKA_BROKERS = 'kafka-1:9092,,kafka-2:9092,';
    await expect(resolveKafkaBroker()).resolves.toEqual({ brokers: ['kafka-1:9092', 'kafka-2:9092'], source: 'KAFKA_BROKERS' });
    process.env.KAFKA_BROKERS = ' , ';
    await expect(resolveKafkaBroker()).rejects.toThrow('Invalid KAFKA_BROKERS, expected host:port[,host:port…] received " , "');
  });
});

describe('uniqueName', () => {
  it('keeps the prefix and adds 8 hex characters', () => {
    expect(uniqueName('orders.order')).toMatch(/^orders\.order-[0-9a-f]{8}$/);
  });

  it('never repeats within a run', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueName('t')));
    expect(names.size).toBe(1000);
  });
});
