import { type Kafka, Partitioners } from 'kafkajs';
import type { BenchMessage, ScenarioContext } from './scenario';
import { runRawConsumer, runRawProducer, sendInBatches, timeSendInBatches } from './workload';

const message = (i: number): BenchMessage => ({ key: `k${i}`, value: Buffer.from([i]) });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('sendInBatches', () => {
  it('sends every message once, in batches of the given size, started in order', async () => {
    const batches: string[][] = [];
    await sendInBatches({
      total: 7,
      batchSize: 3,
      inFlight: 2,
      message,
      send: async (messages) => batches.push(messages.map((m) => m.key)),
    });
    expect(batches).toEqual([['k0', 'k1', 'k2'], ['k3', 'k4', 'k5'], ['k6']]);
  });

  it('keeps at most inFlight sends unacknowledged', async () => {
    let open = 0;
    let mostOpen = 0;
    await sendInBatches({
      total: 1000,
      batchSize: 100,
      inFlight: 4,
      message,
      send: async () => {
        mostOpen = Math.max(mostOpen, ++open);
        await tick();
        open--;
      },
    });
    expect(mostOpen).toBe(4);
  });

  it('defaults to batches of 100, 4 in flight', async () => {
    const sizes: number[] = [];
    await sendInBatches({
      total: 250,
      message,
      send: async (messages) => sizes.push(messages.length),
    });
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('rejects with the first failed send and starts no new batch after it', async () => {
    let sends = 0;
    const failing = sendInBatches({
      total: 1000,
      batchSize: 10,
      inFlight: 2,
      message,
      send: async () => {
        if (++sends === 3) throw new Error('broker said no');
        await tick();
      },
    });
    await expect(failing).rejects.toThrow('broker said no');
    expect(sends).toBeLessThanOrEqual(4);
  });

  it('rejects a batch size or window that is not a positive integer', async () => {
    await expect(
      sendInBatches({ total: 1, batchSize: 0, message, send: async () => undefined }),
    ).rejects.toThrow('Invalid batchSize, expected a positive integer received 0');
  });
});

/** A context whose kafkajs client is the given fake; records what the scenario asked for. */
function fakeContext(messages: number, client: object): ScenarioContext & { clientIds: string[] } {
  const clientIds: string[] = [];
  return {
    clientIds,
    brokers: ['fake:9092'],
    messages,
    kafka: (clientId) => {
      clientIds.push(clientId);
      return client as Kafka;
    },
    createTopic: async (label) => `bench.${label}-1`,
    groupId: (label) => `group-${label}`,
    message,
    log: () => undefined,
  };
}

describe('timeSendInBatches', () => {
  it("sends ctx.messages bench messages in producer.raw's batches and reports messages per second", async () => {
    const sizes: number[] = [];
    const result = await timeSendInBatches(fakeContext(250, {}), {
      send: async (messages) => sizes.push(messages.length),
    });
    expect(sizes).toEqual([100, 100, 50]);
    expect(result.value).toBeGreaterThan(0);
    expect(result.details?.client_cpu_us_per_msg).toBeGreaterThanOrEqual(0);
  });

  it('passes a batch size and window through', async () => {
    const sizes: number[] = [];
    await timeSendInBatches(fakeContext(3, {}), {
      send: async (messages) => sizes.push(messages.length),
      batchSize: 1,
      inFlight: 64,
    });
    expect(sizes).toEqual([1, 1, 1]);
  });
});

describe('runRawProducer', () => {
  function fakeProducerClient(fail = false) {
    const calls: unknown[] = [];
    const client = {
      producer: (config: unknown) => {
        calls.push(['producer', config]);
        return {
          connect: async () => calls.push('connect'),
          send: async (record: unknown) => {
            calls.push(['send', record]);
            if (fail) throw new Error('broker said no');
          },
          disconnect: async () => calls.push('disconnect'),
        };
      },
    };
    return { client, calls };
  }

  it('sends the bench messages as they are with a stock producer and acks=all, then disconnects', async () => {
    const { client, calls } = fakeProducerClient();
    const ctx = fakeContext(2, client);
    await runRawProducer(ctx, { label: 'producer-raw', batchSize: 1 });
    expect(ctx.clientIds).toEqual(['producer-raw']);
    expect(calls).toEqual([
      ['producer', { createPartitioner: Partitioners.DefaultPartitioner }],
      'connect',
      ['send', { topic: 'bench.producer-raw-1', acks: -1, messages: [message(0)] }],
      ['send', { topic: 'bench.producer-raw-1', acks: -1, messages: [message(1)] }],
      'disconnect',
    ]);
  });

  it('sends what encode makes of each batch, given the topic', async () => {
    const { client, calls } = fakeProducerClient();
    await runRawProducer(fakeContext(2, client), {
      label: 'producer-raw-envelope',
      encode: (messages, topic) => messages.map((m) => ({ key: m.key, value: topic })),
    });
    expect(calls).toContainEqual([
      'send',
      {
        topic: 'bench.producer-raw-envelope-1',
        acks: -1,
        messages: [
          { key: 'k0', value: 'bench.producer-raw-envelope-1' },
          { key: 'k1', value: 'bench.producer-raw-envelope-1' },
        ],
      },
    ]);
  });

  it('disconnects when a send fails', async () => {
    const { client, calls } = fakeProducerClient(true);
    await expect(runRawProducer(fakeContext(1, client), { label: 'p' })).rejects.toThrow(
      'broker said no',
    );
    expect(calls.at(-1)).toBe('disconnect');
  });
});

describe('runRawConsumer', () => {
  type Listener = (event: { payload: { error: Error } }) => void;

  function fakeConsumerClient(batches: number[], crash?: Error) {
    const calls: unknown[] = [];
    const listeners = new Map<string, Listener>();
    const client = {
      consumer: (config: unknown) => {
        calls.push(['consumer', config]);
        return {
          events: { GROUP_JOIN: 'group-join', CRASH: 'crash' },
          on: (event: string, listener: Listener) => listeners.set(event, listener),
          connect: async () => calls.push('connect'),
          subscribe: async (subscription: unknown) => calls.push(['subscribe', subscription]),
          run: async ({
            autoCommit,
            eachBatch,
          }: {
            autoCommit: boolean;
            eachBatch: (payload: { batch: { messages: unknown[] } }) => Promise<void>;
          }) => {
            calls.push(['run', { autoCommit }]);
            setImmediate(async () => {
              if (crash) return listeners.get('crash')?.({ payload: { error: crash } });
              listeners.get('group-join')?.({ payload: { error: new Error('unused') } });
              for (const size of batches) await eachBatch({ batch: { messages: new Array(size) } });
            });
          },
          disconnect: async () => calls.push('disconnect'),
        };
      },
    };
    return { client, calls };
  }

  it('reads the topic from the beginning with a fresh group and autoCommit, until the Nth message', async () => {
    const { client, calls } = fakeConsumerClient([3, 4]);
    const ctx = fakeContext(7, client);
    const result = await runRawConsumer(ctx, 'bench.consumer-raw-1', 'consumer-raw');
    expect(ctx.clientIds).toEqual(['consumer-raw']);
    expect(calls).toEqual([
      ['consumer', { groupId: 'group-consumer-raw' }],
      'connect',
      ['subscribe', { topics: ['bench.consumer-raw-1'], fromBeginning: true }],
      ['run', { autoCommit: true }],
      'disconnect',
    ]);
    expect(result.value).toBeGreaterThan(0);
    expect(result.details?.client_cpu_us_per_msg).toBeGreaterThanOrEqual(0);
  });

  it('rejects with the error of a consumer crash, and disconnects', async () => {
    const { client, calls } = fakeConsumerClient([], new Error('crashed'));
    await expect(runRawConsumer(fakeContext(1, client), 'bench.t-1', 'c')).rejects.toThrow(
      'crashed',
    );
    expect(calls.at(-1)).toBe('disconnect');
  });
});
