import { MissingTopicsError } from '@platform/kafka';
import { missingTopicsMessage } from './missing-topics-message';

describe('missingTopicsMessage', () => {
  it('names the missing topics and the command that creates them, in one paragraph', () => {
    const message = missingTopicsMessage(
      new MissingTopicsError(
        ['orders.order.created', 'orders.order.created.dlt.billing'],
        'billing',
      ),
    );
    expect(message).toContain(
      'Cannot start billing-service: missing topic(s) orders.order.created, orders.order.created.dlt.billing.',
    );
    expect(message).toContain('`npm run topics -- apply`');
    expect(message).not.toContain('\n');
    // Operator advice, not the library's functions.
    expect(message).not.toMatch(/ensureConsumerTopics|consumerDerivedTopics/);
  });

  it('offers KAFKA_CREATE_DERIVED_TOPICS only for missing retry and dead-letter topics', () => {
    expect(
      missingTopicsMessage(new MissingTopicsError(['orders.order.created'], 'billing')),
    ).not.toContain('KAFKA_CREATE_DERIVED_TOPICS');
    expect(
      missingTopicsMessage(
        new MissingTopicsError(
          ['orders.order.created.retry.billing.1', 'orders.order.created.dlt.billing'],
          'billing',
        ),
      ),
    ).toMatch(
      /KAFKA_CREATE_DERIVED_TOPICS=true lets the service create its own missing retry and dead-letter topics at start\.$/,
    );
    expect(
      missingTopicsMessage(
        new MissingTopicsError(
          ['orders.order.created', 'orders.order.created.dlt.billing'],
          'billing',
        ),
      ),
    ).toContain('dead-letter topics at start, not the other topics (their owner declares them).');
  });
});
