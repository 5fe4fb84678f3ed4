import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Producer } from 'kafkajs';
import type { OutgoingRecord } from './dead-letter';
import { DlqForwarder } from './dlq-forwarder';

/** A kafkajs producer whose sends the test settles by hand, in order. */
interface FakeProducer {
  id: number;
  connected: boolean;
  disconnected: boolean;
  sent: string[];
  pending: { resolve(): void; reject(error: unknown): void }[];
}

function fakeProducers(): { created: FakeProducer[]; create: () => Producer } {
  const created: FakeProducer[] = [];
  const create = (): Producer => {
    const fake: FakeProducer = {
      id: created.length + 1,
      connected: false,
      disconnected: false,
      sent: [],
      pending: [],
    };
    created.push(fake);
    return {
      connect: async () => {
        fake.connected = true;
      },
      disconnect: async () => {
        fake.disconnected = true;
      },
      send: ({ topic }: { topic: string }) => {
        fake.sent.push(topic);
        return new Promise((resolve, reject) =>
          fake.pending.push({ resolve: () => resolve([]), reject }),
        );
      },
    } as unknown as Producer;
  };
  return { created, create };
}

const record = (topic: string): OutgoingRecord => ({
  topic,
  key: Buffer.from('order-1'),
  value: Buffer.from('{}'),
  headers: { ce_id: 'e1' },
});

/** What kafkajs' retrier rejects with once its retries ran out on a retriable broker error. */
const exhausted = (): KafkaJSNumberOfRetriesExceeded =>
  new KafkaJSNumberOfRetriesExceeded(new KafkaJSProtocolError('The request timed out'), {
    retryCount: 5,
    retryTime: 10_000,
  });

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('DlqForwarder', () => {
  it('connects one producer up front and sends every record through it while sends succeed', async () => {
    const { created, create } = fakeProducers();
    const forwarder = new DlqForwarder(create, () => undefined);
    await forwarder.connect();
    const first = forwarder.send(record('t.retry.billing.1'));
    await settle();
    created[0].pending[0].resolve();
    await first;
    const second = forwarder.send(record('t.dlt.billing'));
    await settle();
    created[0].pending[1].resolve();
    await second;

    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      connected: true,
      disconnected: false,
      sent: ['t.retry.billing.1', 't.dlt.billing'],
    });
  });

  it('after a send that exhausted its retries, disconnects that producer and sends the next record through a new one', async () => {
    const { created, create } = fakeProducers();
    const forwarder = new DlqForwarder(create, () => undefined);
    await forwarder.connect();
    const failing = forwarder.send(record('t.dlt.billing'));
    await settle();
    created[0].pending[0].reject(exhausted());
    await expect(failing).rejects.toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);

    const next = forwarder.send(record('t.dlt.billing'));
    await settle();
    expect(created).toHaveLength(2);
    expect(created[0].disconnected).toBe(true);
    expect(created[1]).toMatchObject({ connected: true, sent: ['t.dlt.billing'] });
    created[1].pending[0].resolve();
    await expect(next).resolves.toBeUndefined();
    expect(created[0].sent).toEqual(['t.dlt.billing']); // the failed producer got nothing more
  });

  it('replaces the producer after a non-retriable failure too (its sequence state is as unsure)', async () => {
    const { created, create } = fakeProducers();
    const forwarder = new DlqForwarder(create, () => undefined);
    await forwarder.connect();
    const failing = forwarder.send(record('t.retry.billing.1'));
    await settle();
    created[0].pending[0].reject(new KafkaJSProtocolError('OUT_OF_ORDER_SEQUENCE_NUMBER'));
    await expect(failing).rejects.toThrow('OUT_OF_ORDER_SEQUENCE_NUMBER');

    void forwarder.send(record('t.retry.billing.1'));
    await settle();
    expect(created.map((fake) => fake.sent.length)).toEqual([1, 1]);
    expect(created[0].disconnected).toBe(true);
  });

  it('lets sends already running on the failed producer finish there before disconnecting it', async () => {
    const { created, create } = fakeProducers();
    const forwarder = new DlqForwarder(create, () => undefined);
    await forwarder.connect();
    const failing = forwarder.send(record('a.dlt.billing'));
    const running = forwarder.send(record('b.dlt.billing'));
    await settle();
    created[0].pending[0].reject(exhausted());
    await expect(failing).rejects.toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(created[0].disconnected).toBe(false);

    created[0].pending[1].resolve();
    await expect(running).resolves.toBeUndefined();
    await settle();
    expect(created[0].disconnected).toBe(true);
  });

  it('tries a new producer on the next send when connecting failed', async () => {
    const { created, create } = fakeProducers();
    let refuse = true;
    const forwarder = new DlqForwarder(
      () => {
        const producer = create();
        if (refuse) producer.connect = () => Promise.reject(new Error('ECONNREFUSED'));
        return producer;
      },
      () => undefined,
    );
    await expect(forwarder.connect()).rejects.toThrow('ECONNREFUSED');

    refuse = false;
    void forwarder.send(record('t.dlt.billing'));
    await settle();
    expect(created).toHaveLength(2);
    expect(created[1].sent).toEqual(['t.dlt.billing']);
  });

  it('disconnects every producer on disconnect and refuses later sends', async () => {
    const { created, create } = fakeProducers();
    const forwarder = new DlqForwarder(create, () => undefined);
    await forwarder.connect();
    await forwarder.disconnect();

    expect(created[0].disconnected).toBe(true);
    await expect(forwarder.send(record('t.dlt.billing'))).rejects.toThrow(
      'The retry/dead-letter producer is disconnected',
    );
    expect(created).toHaveLength(1);
  });

  it('reports a replaced producer that fails to disconnect instead of throwing', async () => {
    const { created, create } = fakeProducers();
    const closeErrors: unknown[] = [];
    const forwarder = new DlqForwarder(
      () => {
        const producer = create();
        producer.disconnect = () => Promise.reject(new Error('socket hang up'));
        return producer;
      },
      (error) => closeErrors.push(error),
    );
    await forwarder.connect();
    const failing = forwarder.send(record('t.dlt.billing'));
    await settle();
    created[0].pending[0].reject(exhausted());
    await expect(failing).rejects.toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    await settle();

    expect(closeErrors).toEqual([new Error('socket hang up')]);
  });
});
