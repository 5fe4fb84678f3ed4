import { matches, replayMessage, summarize, type DeadLetter } from './dead-letters';

const DLT = 'orders.order.created.dlt.billing';
const record: DeadLetter = {
  partition: 1,
  offset: '4',
  key: Buffer.from('order-7'),
  value: Buffer.from('{"id":"order-7"}'),
  headers: {
    ce_id: Buffer.from('3f1c'),
    ce_type: Buffer.from('orders.order.created'),
    traceparent: Buffer.from('00-abc-def-01'),
    retry_attempts: Buffer.from('4'),
    dlt_original_topic: Buffer.from('orders.order.created'),
    dlt_original_partition: Buffer.from('5'),
    dlt_original_offset: Buffer.from('120'),
    dlt_attempts: Buffer.from('6'),
    dlt_error_class: Buffer.from('RetriableError'),
    dlt_error_message: Buffer.from('payment service\ndown'),
  },
};

describe('summarize', () => {
  it('shows offset, key, error and origin', () => {
    expect(summarize(record)).toEqual({
      partition: 1,
      offset: '4',
      key: 'order-7',
      errorClass: 'RetriableError',
      errorMessage: 'payment service\ndown',
      original: 'orders.order.created[5]@120',
      attempts: '6',
    });
  });
});

describe('matches', () => {
  it.each([
    [{}, true],
    [{ offsets: { from: 3n, to: 4n } }, true],
    [{ offsets: { from: 5n, to: 9n } }, false],
    [{ partition: 1 }, true],
    [{ partition: 0 }, false],
    [{ key: 'order-7' }, true],
    [{ key: 'order-8' }, false],
    [{ errorClass: 'RetriableError' }, true],
    [{ errorClass: 'DeserializationError' }, false],
  ])('selection %p → %p', (selection, expected) => {
    expect(matches(record, selection)).toBe(expected);
  });
});

describe('replayMessage', () => {
  it('rebuilds the original message: topic, partition, key, value and headers without dlt_/retry_ ones', () => {
    const message = replayMessage(DLT, record);
    expect(message).toEqual({
      topic: 'orders.order.created',
      partition: 5,
      key: record.key,
      value: record.value,
      headers: {
        ce_id: Buffer.from('3f1c'),
        ce_type: Buffer.from('orders.order.created'),
        traceparent: Buffer.from('00-abc-def-01'),
      },
    });
  });

  it('lets the partitioner choose when the original partition is unknown', () => {
    expect(replayMessage(DLT, { ...record, headers: { ce_id: '3f1c' } }).partition).toBeUndefined();
  });

  it('refuses a record whose header names another topic', () => {
    expect(() =>
      replayMessage(DLT, { ...record, headers: { dlt_original_topic: 'orders.order.cancelled' } }),
    ).toThrow(
      'Dead letter 1:4 says it came from "orders.order.cancelled", but orders.order.created.dlt.billing holds dead letters of "orders.order.created"; not replayed.',
    );
  });
});
