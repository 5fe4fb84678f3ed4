import { asCommand, resolveRef } from './resolve-ref';
import { scanSource } from './scan-source';

describe('scanSource', () => {
  it('reads the @EventPattern topic of a generated handler', () => {
    const facts = scanSource(
      'orders-order-approved.handler.ts',
      `import { EventPattern, Payload } from '@nestjs/microservices';
       @Controller()
       export class OrdersOrderApprovedHandler {
         @EventPattern('orders.order.approved')
         async handle(@Payload() event: unknown): Promise<void> {}
       }`,
    );
    expect(facts.eventPatterns).toEqual([{ kind: 'literal', value: 'orders.order.approved' }]);
    expect(facts.commandHandlers).toEqual([]);
  });

  it('points @SagaCommandHandler at the imported command, aliases and namespaces included', () => {
    const facts = scanSource(
      'stock-commands.handler.ts',
      `import { reserveStock as reserve } from '../commands/stock.commands';
       import * as payments from '../commands/payment.commands';
       export class Handler {
         @SagaCommandHandler(reserve) a() {}
         @SagaCommandHandler(payments.chargePayment) b() {}
       }`,
    );
    expect(facts.commandHandlers).toEqual([
      { kind: 'import', module: '../commands/stock.commands', name: 'reserveStock' },
      { kind: 'import', module: '../commands/payment.commands', name: 'chargePayment' },
    ]);
  });

  it('resolves a command defined in the same file through its defineCommand source', () => {
    const file = 'shipping.handler.ts';
    const facts = scanSource(
      file,
      `const TOPIC = 'shipping.shipment.commands' as const;
       const schedule = defineCommand<{ orderId: string }>({ topic: TOPIC, type: 'schedule-shipment' });
       export class Handler { @SagaCommandHandler(schedule) a() {} }`,
    );
    expect(asCommand(resolveRef(file, facts, facts.commandHandlers[0]))).toEqual({
      topic: 'shipping.shipment.commands',
      type: 'schedule-shipment',
    });
  });

  it("finds a saga's reply topic and the commands its steps send", () => {
    const facts = scanSource(
      'place-order.saga.ts',
      `import { reserveStock, releaseStock } from '../commands/stock.commands';
       import { ORDER_REPLIES_TOPIC } from '../topic-catalog';
       const definition = saga<Data>({ name: 'place-order', replyTopic: ORDER_REPLIES_TOPIC })
         .step('reserve-stock')
         .invoke((o) => reserveStock.with({ sku: o.sku }, { key: o.id }))
         .withCompensation((o) => releaseStock.with({ orderId: o.id }))
         .build();`,
    );
    expect(facts.sagaReplyTopics).toEqual([
      { kind: 'import', module: '../topic-catalog', name: 'ORDER_REPLIES_TOPIC' },
    ]);
    expect(facts.commandsSent).toEqual([
      { kind: 'import', module: '../commands/stock.commands', name: 'reserveStock' },
      { kind: 'import', module: '../commands/stock.commands', name: 'releaseStock' },
    ]);
  });

  it('takes no `.with` call for a command sent in a file without a saga', () => {
    const facts = scanSource('util.ts', `const copy = [1, 2].with(0, 3); reserveStock.with({});`);
    expect(facts.commandsSent).toEqual([]);
  });

  it('ignores @EventPattern in comments', () => {
    expect(
      scanSource(
        'create-app.ts',
        `/** interceptors for @EventPattern('x.y.z') handlers */ export {};`,
      ).eventPatterns,
    ).toEqual([]);
  });
});
