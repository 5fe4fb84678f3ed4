import { buildModel } from './build-model';
import type { AppFacts } from './model';

const orchestrator: AppFacts = {
  app: 'orders-service',
  owned: [
    { name: 'orders.order.created', role: 'events' },
    { name: 'orders.order.replies', role: 'replies' },
  ],
  handlesEvents: [],
  handlesCommands: [],
  sagas: [
    {
      replyTopic: 'orders.order.replies',
      commands: [{ topic: 'inventory.stock.commands', type: 'reserve-stock' }],
    },
  ],
};
const participant: AppFacts = {
  app: 'inventory-service',
  owned: [{ name: 'inventory.stock.commands', role: 'commands' }],
  handlesEvents: ['orders.order.created'],
  handlesCommands: [{ topic: 'inventory.stock.commands', type: 'reserve-stock' }],
  sagas: [],
};

describe('buildModel', () => {
  it('connects owners, handlers, saga commands and replies', () => {
    expect(buildModel([orchestrator, participant])).toEqual({
      services: ['inventory-service', 'orders-service'],
      topics: [
        {
          name: 'inventory.stock.commands',
          role: 'commands',
          owner: 'inventory-service',
          commandTypes: ['reserve-stock'],
        },
        { name: 'orders.order.created', role: 'events', owner: 'orders-service', commandTypes: [] },
        {
          name: 'orders.order.replies',
          role: 'replies',
          owner: 'orders-service',
          commandTypes: [],
        },
      ],
      edges: [
        { service: 'inventory-service', topic: 'orders.order.replies', kind: 'publishes' },
        { service: 'orders-service', topic: 'inventory.stock.commands', kind: 'publishes' },
        { service: 'orders-service', topic: 'orders.order.created', kind: 'publishes' },
        { service: 'inventory-service', topic: 'inventory.stock.commands', kind: 'handled by' },
        { service: 'inventory-service', topic: 'orders.order.created', kind: 'handled by' },
        { service: 'orders-service', topic: 'orders.order.replies', kind: 'handled by' },
      ],
      warnings: [],
    });
  });

  it('draws an undeclared topic and a command nobody handles, and warns about both', () => {
    const model = buildModel([
      { ...participant, handlesEvents: ['billing.invoice.created'] },
      {
        ...orchestrator,
        sagas: [
          {
            replyTopic: 'orders.order.replies',
            commands: [{ topic: 'inventory.stock.commands', type: 'count-stock' }],
          },
        ],
      },
    ]);
    expect(model.topics.find((t) => t.name === 'billing.invoice.created')).toEqual({
      name: 'billing.invoice.created',
      role: 'events',
      commandTypes: [],
    });
    expect(model.warnings).toEqual([
      'inventory-service uses billing.invoice.created, which no apps/*/src/topic-catalog.ts declares.',
      'orders-service sends count-stock on inventory.stock.commands, which no @SagaCommandHandler handles.',
    ]);
  });
});
