import type { ArchitectureModel } from './model';
import { renderMermaid, topicId } from './render-mermaid';
import { renderTopicTable } from './render-topic-table';

const model: ArchitectureModel = {
  services: ['inventory-service', 'orders-service'],
  topics: [
    {
      name: 'inventory.stock.commands',
      role: 'commands',
      owner: 'inventory-service',
      commandTypes: ['release-stock', 'reserve-stock'],
    },
    { name: 'orders.order.created', role: 'events', owner: 'orders-service', commandTypes: [] },
    { name: 'orders.order.replies', role: 'replies', owner: 'orders-service', commandTypes: [] },
  ],
  edges: [
    { service: 'inventory-service', topic: 'orders.order.replies', kind: 'publishes' },
    { service: 'orders-service', topic: 'inventory.stock.commands', kind: 'publishes' },
    { service: 'orders-service', topic: 'orders.order.created', kind: 'publishes' },
    { service: 'inventory-service', topic: 'inventory.stock.commands', kind: 'handled by' },
    { service: 'orders-service', topic: 'orders.order.replies', kind: 'handled by' },
  ],
  warnings: [],
};

describe('renderMermaid', () => {
  it('draws services, topics grouped and shaped by role, and labelled edges', () => {
    expect(renderMermaid(model)).toBe(
      [
        'flowchart LR',
        '  svc_inventory_service["inventory-service"]',
        '  svc_orders_service["orders-service"]',
        '  subgraph events [Events]',
        '    topic_orders__order__created(["orders.order.created"])',
        '  end',
        '  subgraph commands [Saga commands]',
        '    topic_inventory__stock__commands{{"inventory.stock.commands<br/>release-stock, reserve-stock"}}',
        '  end',
        '  subgraph replies [Saga replies]',
        '    topic_orders__order__replies[/"orders.order.replies"/]',
        '  end',
        '  svc_inventory_service -->|publishes| topic_orders__order__replies',
        '  svc_orders_service -->|publishes| topic_inventory__stock__commands',
        '  svc_orders_service -->|publishes| topic_orders__order__created',
        '  topic_inventory__stock__commands -->|handled by| svc_inventory_service',
        '  topic_orders__order__replies -->|handled by| svc_orders_service',
      ].join('\n'),
    );
  });

  it('keeps names that differ only in dots and hyphens apart', () => {
    expect(topicId('a-b.c.d')).not.toBe(topicId('a.b-c.d'));
  });
});

describe('renderTopicTable', () => {
  it('lists each topic with its kind, owner, publishers and handlers', () => {
    expect(renderTopicTable(model).split('\n')).toEqual([
      '| topic | kind | owner | published by | handled by |',
      '| --- | --- | --- | --- | --- |',
      '| `inventory.stock.commands` | saga command (release-stock, reserve-stock) | inventory-service | orders-service | inventory-service |',
      '| `orders.order.created` | event | orders-service | orders-service | — |',
      '| `orders.order.replies` | saga reply | orders-service | inventory-service | orders-service |',
    ]);
  });
});
