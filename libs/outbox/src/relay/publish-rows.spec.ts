import {
  type EventProducer,
  MissingKeyError,
  RetriableError,
  UnknownTopicError,
} from '@platform/kafka';
import type { OutboxRow } from './outbox-row';
import { isPoison, publishRows } from './publish-rows';

const row = (id: string, topic = 't'): OutboxRow => ({
  id,
  aggregateid: 'a',
  topic,
  payload: '{}',
  headers: {},
  created_ms: 0,
});

/** A producer whose send outcome is decided per event id; it records what it was asked to send. */
function fakeProducer(outcome: (id: string) => unknown): EventProducer & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    connect: async () => undefined,
    send: async () => {
      throw new Error('the relay publishes stored JSON through sendJson');
    },
    sendJson: async (_topic, event) => {
      sent.push(event.id!);
      const error = outcome(event.id!);
      if (error) throw error;
    },
    sendMany: async () => [],
    flush: async () => undefined,
    disconnect: async () => undefined,
  };
}

describe('publishRows', () => {
  const limits = { maxChunkEvents: 2, maxChunkBytes: 1_000_000 };

  it('reports what was acknowledged', async () => {
    const producer = fakeProducer(() => undefined);
    expect(await publishRows(producer, [row('1'), row('2'), row('3')], limits)).toEqual({
      published: ['1', '2', '3'],
      poisoned: [],
    });
    expect(producer.sent).toEqual(['1', '2', '3']);
  });

  it('sends each payload as the stored JSON text, the row id as the event id', async () => {
    const sent: unknown[] = [];
    const producer = {
      ...fakeProducer(() => undefined),
      sendJson: async (topic: unknown, event: unknown) => void sent.push([topic, event]),
    };
    const stored = { ...row('7', 'orders.order.placed'), payload: '{"total": 1}' };
    await publishRows(producer, [stored], limits);
    expect(sent).toEqual([
      ['orders.order.placed', expect.objectContaining({ id: '7', key: 'a', json: '{"total": 1}' })],
    ]);
  });

  it('sets poisoned rows apart and keeps going', async () => {
    const poison = new UnknownTopicError('gone', []);
    const producer = fakeProducer((id) => (id === '2' ? poison : undefined));
    expect(await publishRows(producer, [row('1'), row('2', 'gone'), row('3')], limits)).toEqual({
      published: ['1', '3'],
      poisoned: [{ id: '2', topic: 'gone', error: poison }],
    });
  });

  it('stops after the chunk where a retriable failure happened: later chunks are not sent', async () => {
    const down = new Error('Connection error: ECONNREFUSED');
    const producer = fakeProducer((id) => (id === '2' ? down : undefined));
    expect(await publishRows(producer, [row('1'), row('2'), row('3'), row('4')], limits)).toEqual({
      published: ['1'],
      poisoned: [],
      failure: down,
    });
    expect(producer.sent).toEqual(['1', '2']);
  });

  it('sets apart a row larger than a chunk that the broker refuses as too large, not a row that shared the request', async () => {
    const tooLarge = Object.assign(new Error('larger than the max message size'), {
      type: 'MESSAGE_TOO_LARGE',
    });
    const big = { ...row('big'), payload: `"${'x'.repeat(2_000)}"` };
    const producer = fakeProducer((id) => (id === 'big' || id === 'small' ? tooLarge : undefined));
    const small = { maxChunkEvents: 10, maxChunkBytes: 1_000 };
    expect(await publishRows(producer, [row('1'), big, row('3')], small)).toEqual({
      published: ['1', '3'],
      poisoned: [{ id: 'big', topic: 't', error: tooLarge }],
    });
    // A row that fits a chunk may have shared its produce request with the one too large: retried.
    expect(await publishRows(producer, [row('small'), row('5')], small)).toEqual({
      published: ['5'],
      poisoned: [],
      failure: tooLarge,
    });
  });
});

describe('isPoison', () => {
  it('is true only for errors about the row itself', () => {
    expect(isPoison(new UnknownTopicError('t', []))).toBe(true);
    expect(isPoison(new MissingKeyError('t'))).toBe(true);
    expect(isPoison(new RetriableError('timeout'))).toBe(false);
    expect(isPoison(new Error('ECONNREFUSED'))).toBe(false);
  });
});
