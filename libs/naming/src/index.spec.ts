import {
  consumerGroupId,
  deadLetterTopic,
  NamingError,
  parseDerivedTopic,
  retryTopic,
  topicName,
} from './index';

// The README example, through the public index.
describe('@platform/naming', () => {
  it('names a topic, its consumer group and its retry and dead-letter topics', () => {
    const source = topicName({ domain: 'orders', entity: 'order', event: 'created' });
    expect(source).toBe('orders.order.created');
    expect(consumerGroupId('billing')).toBe('billing');
    expect(retryTopic({ source, service: 'billing', attempt: 1 })).toBe(
      'orders.order.created.retry.billing.1',
    );
    const dlt = deadLetterTopic({ source, service: 'billing' });
    expect(dlt).toBe('orders.order.created.dlt.billing');
    expect(parseDerivedTopic(dlt)).toEqual({
      kind: 'dlt',
      source: 'orders.order.created',
      service: 'billing',
    });
  });

  it('throws NamingError, which is an Error', () => {
    expect(() => topicName({ domain: 'orders', entity: 'order', event: 'create' })).toThrow(
      NamingError,
    );
    expect(
      new NamingError({ subject: 's', value: 'v', rule: 'empty', detail: 'd', example: 'e' }),
    ).toBeInstanceOf(Error);
  });
});
