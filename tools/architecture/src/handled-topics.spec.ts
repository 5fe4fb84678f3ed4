import { handledTopics } from './handled-topics';

describe('handledTopics', () => {
  it('lists event, command and saga reply topics once each, sorted', () => {
    expect(
      handledTopics({
        app: 'orders-service',
        owned: [],
        handlesEvents: ['payments.payment.processed', 'inventory.stock.reserved'],
        handlesCommands: [
          { topic: 'orders.order.commands', type: 'approve-order' },
          { topic: 'orders.order.commands', type: 'reject-order' },
        ],
        sagas: [{ replyTopic: 'orders.order.replies', commands: [] }, { replyTopic: 'orders.order.replies', commands: [] }],
      }),
    ).toEqual(['inventory.stock.reserved', 'orders.order.commands', 'orders.order.replies', 'payments.payment.processed']);
  });
});
