import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { validateTopicName } from '@platform/naming';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceGenerator } from '../service/service';
import { addLibrary, expectRefusal, messageOf } from '../testing/tree-helpers';
import { typeErrors } from '../testing/type-errors';
import { handlerGenerator } from './handler';

const root = 'apps/billing-service';
const read = (tree: Tree, path: string): string => tree.read(path, 'utf-8') ?? '';

describe('handler generator', () => {
  let tree: Tree;

  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    await serviceGenerator(tree, { name: 'orders', produces: 'order.created,order.cancelled', skipFormat: true });
    await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created', skipFormat: true });
  });

  describe('topic', () => {
    it("adds a handler typed by the owner's contract, registered in AppModule", async () => {
      await handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing', skipFormat: true });
      const handler = read(tree, `${root}/src/handlers/orders-order-created.handler.ts`);
      expect(handler).toContain('export class OrdersOrderCreatedHandler');
      expect(handler).toContain('async handle(@Payload() event: OrderCreated, @Ctx() context: KafkaEventContext)');
      expect(read(tree, `${root}/src/handlers/orders-order-created.handler.spec.ts`)).toContain(
        "import { orderCreatedExample, type OrderCreated } from '../../../orders-service/src/events/order-created.event';",
      );
      expect(read(tree, `${root}/src/app/app.module.ts`)).toContain('controllers: [OrdersOrderCreatedHandler]');
    });

    it("merges the owner's catalog once, however many of its topics are handled", async () => {
      await handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing', skipFormat: true });
      await handlerGenerator(tree, { topic: 'orders.order.cancelled', service: 'billing', skipFormat: true });
      expect(read(tree, `${root}/src/app/service-catalog.ts`)).toContain('[catalog, ordersCatalog]);');
      expect(read(tree, `${root}/src/app/app.module.ts`)).toContain('controllers: [OrdersOrderCreatedHandler, OrdersOrderCancelledHandler]');
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain("{ topic: 'orders.order.cancelled', example: ordersOrderCancelledExample }");
    });

    it("imports a catalog owned by a service named service under a name the file's own serviceCatalog does not use", async () => {
      await serviceGenerator(tree, { name: 'service', produces: 'item.created', skipFormat: true });
      await handlerGenerator(tree, { topic: 'service.item.created', service: 'billing', skipFormat: true });
      const catalog = read(tree, `${root}/src/app/service-catalog.ts`);
      expect(catalog).toContain("import { catalog as serviceServiceCatalog } from '../../../service-service/src/topic-catalog';");
      expect(catalog).toContain('[catalog, serviceServiceCatalog]);');
    });

    it('handles a topic of its own domain without a domain prefix', async () => {
      await handlerGenerator(tree, { topic: 'billing.invoice.created', service: 'billing', skipFormat: true });
      expect(read(tree, `${root}/src/handlers/invoice-created.handler.ts`)).toContain('export class InvoiceCreatedHandler');
      expect(read(tree, `${root}/src/app/service-catalog.ts`)).toContain('[catalog]);');
    });

    it('applies the effect through the inbox when the service has the outbox', async () => {
      tree.write(`${root}/src/app/app.module.ts`, `${read(tree, `${root}/src/app/app.module.ts`)}import { OutboxModule } from '@platform/outbox-nest';\n`);
      await handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing', skipFormat: true });
      const handler = read(tree, `${root}/src/handlers/orders-order-created.handler.ts`);
      expect(handler).toContain('constructor(private readonly inbox: Inbox) {}');
      expect(handler).toContain('await this.inbox.apply(context, async () => {');
      expect(read(tree, `${root}/src/handlers/orders-order-created.handler.spec.ts`)).toContain('{ apply } as unknown as Inbox');
    });

    it('types the payload loosely when the owner declares its schema inline', async () => {
      tree.write(
        'apps/legacy/src/topic-catalog.ts',
        "export const catalog = defineCatalog({ service: 'legacy', topics: [defineTopic({ name: 'legacy.item.moved', partitions: 1, key: 'item id', schema: z.object({}) })] });",
      );
      await handlerGenerator(tree, { topic: 'legacy.item.moved', service: 'billing', skipFormat: true });
      expect(read(tree, `${root}/src/handlers/legacy-item-moved.handler.ts`)).toContain('event: Record<string, unknown>');
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain(
        "const handledWithoutExample: { topic: string; todo: string }[] = [{ topic: 'legacy.item.moved', todo: 'give its schema a contract module of its own " +
          "(imported by apps/legacy/src/topic-catalog.ts) that exports a valid <schema>Example, then move this entry to handledEvents with it' }];",
      );
    });

    describe('from a contract that exports no example', () => {
      const contract = 'apps/orders-service/src/events/order-created.event.ts';
      const specFile = `${root}/src/app/app.int.spec.ts`;

      beforeEach(() => {
        tree.write(
          contract,
          "import { z } from 'zod';\n\nexport const OrderCreated = z.object({ orderId: z.string().min(1) });\n",
        );
      });

      it('subscribes the integration test to it, its delivery test a todo naming the missing export', async () => {
        await handlerGenerator(tree, {
          topic: 'orders.order.created',
          service: 'billing',
          skipFormat: true,
        });
        const spec = read(tree, specFile);
        expect(spec).toContain(
          "const handledWithoutExample: { topic: string; todo: string }[] = [{ topic: 'orders.order.created', todo: 'export a valid orderCreatedExample " +
            `from ${contract}, then move this entry to handledEvents with it' }];`,
        );
        expect(spec).toContain('const handledEvents: { topic: string; example: unknown }[] = [];');
        expect(spec).toContain(
          'const handledTopics = [...handledEvents, ...handledWithoutExample].map(({ topic }) => topic);',
        );
        expect(spec).toContain('const subscriptions = handledTopics;');
        expect(spec).toContain('it.todo(`hands ${topic} to its @EventPattern handler: ${todo}`);');
      });

      it('writes an integration test, handler and spec that typecheck', async () => {
        await handlerGenerator(tree, {
          topic: 'orders.order.created',
          service: 'billing',
          skipFormat: true,
        });
        const files = [
          specFile,
          `${root}/src/handlers/orders-order-created.handler.ts`,
          `${root}/src/handlers/orders-order-created.handler.spec.ts`,
        ];
        expect(typeErrors(tree, files)).toEqual([]);
      });

      it('is refused for an integration test without handledWithoutExample (a reference service), writing nothing', async () => {
        const app = join(__dirname, '..', '..', '..', 'apps', 'inventory-service', 'src', 'app');
        tree.write(specFile, readFileSync(join(app, 'app.int.spec.ts'), 'utf-8'));
        const error = await expectRefusal(tree, () =>
          handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing' }),
        );
        expect(error.message).toBe(
          `"orders.order.created" has no example to test it with (export a valid orderCreatedExample from ${contract}), ` +
            `and ${specFile} has no handledWithoutExample list, which subscribes the test to such a topic: without it the app would not start ` +
            'in that test (MissingTopicsError: the retry and dead-letter topics are not provisioned). Export the example and run this again, ' +
            'or add the list as nx g service now writes it (spread into subscriptions, an it.todo per entry); nothing was written. ' +
            'Example: const handledWithoutExample: { topic: string; todo: string }[] = [];',
        );
      });
    });

    describe('from a contract that exports only its schema constant (no type of that name)', () => {
      const contract = 'apps/orders-service/src/events/order-created.event.ts';

      beforeEach(() => {
        tree.write(
          contract,
          "import { z } from 'zod';\n\nexport const OrderCreated = z.object({ orderId: z.string().min(1) });\n\n" +
            "export const orderCreatedExample = { orderId: 'order-1' };\n",
        );
      });

      it("types the payload as the schema's z.infer", async () => {
        await handlerGenerator(tree, {
          topic: 'orders.order.created',
          service: 'billing',
          skipFormat: true,
        });
        const handler = read(tree, `${root}/src/handlers/orders-order-created.handler.ts`);
        expect(handler).toContain(
          "import type { z } from 'zod';\nimport { type OrderCreated } from '../../../orders-service/src/events/order-created.event';",
        );
        expect(handler).toContain(
          'async handle(@Payload() event: z.infer<typeof OrderCreated>, @Ctx() context: KafkaEventContext)',
        );
      });

      it('writes a handler and spec that typecheck, with and without the inbox', async () => {
        addLibrary(tree, 'outbox');
        await serviceGenerator(tree, { name: 'shipping', outbox: true, skipFormat: true });
        const services = ['billing', 'shipping'];
        const topic = 'orders.order.created';
        for (const service of services)
          await handlerGenerator(tree, { topic, service, skipFormat: true });
        const handlers = services.flatMap((service) => [
          `apps/${service}-service/src/handlers/orders-order-created.handler.ts`,
          `apps/${service}-service/src/handlers/orders-order-created.handler.spec.ts`,
        ]);
        expect(read(tree, handlers[2])).toContain('constructor(private readonly inbox: Inbox)');
        expect(typeErrors(tree, handlers)).toEqual([]);
      });
    });

    it('refuses a topic no catalog declares, naming the declared ones, writing nothing', async () => {
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order.shipped', service: 'billing' }));
      expect(error.message).toBe(
        'No topic catalog declares "orders.order.shipped": a service handles only topics some service owns (apps/<app>/src/topic-catalog.ts). Declared topics: billing.invoice.created, orders.order.created, orders.order.cancelled. Example: billing.invoice.created',
      );
    });

    it('refuses an invalid topic with the naming rule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order', service: 'billing' }));
      expect(error.message).toBe(messageOf(() => validateTopicName('orders.order')));
    });

    it('refuses a saga command topic, naming @SagaCommandHandler instead of the past-tense rule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'inventory.stock.commands', service: 'billing' }));
      expect(error.message).toContain('"inventory.stock.commands" is a saga command topic, not an event: no @EventPattern handler reads it.');
      expect(error.message).toContain('@SagaCommandHandler(command) from @platform/saga-nest');
      expect(error.message).not.toContain('past-tense');
    });

    it('refuses a saga reply topic, naming SagaModule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order.replies', service: 'billing' }));
      expect(error.message).toContain('"orders.order.replies" is a saga reply topic, not an event: no @EventPattern handler reads it. SagaModule');
    });

    it('refuses a second handler for the same topic, writing nothing', async () => {
      await handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing', skipFormat: true });
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing' }));
      expect(error.message).toContain('billing-service already handles "orders.order.created" in apps/billing-service/src/handlers/orders-order-created.handler.ts');
    });
    it("refuses a topic whose handler class another topic's handler has (order-1, order1), writing nothing", async () => {
      await serviceGenerator(tree, { name: 'carts', domain: 'orders', produces: 'order-1.created', skipFormat: true });
      await serviceGenerator(tree, { name: 'lines', domain: 'orders', produces: 'order1.created', skipFormat: true });
      await handlerGenerator(tree, { topic: 'orders.order-1.created', service: 'billing', skipFormat: true });
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order1.created', service: 'billing' }));
      expect(error.message).toBe(
        `The handler of "orders.order1.created" would be the class OrdersOrder1CreatedHandler, which ${root}/src/app/app.module.ts imports already ` +
          '(the handler of another topic whose words join the same way): the service would not compile. Write this handler by hand under another class name; nothing was written. ' +
          `Example: @EventPattern('orders.order1.created') in ${root}/src/handlers/<another-name>.handler.ts`,
      );
    });

    it("refuses a topic whose handler file another topic's handler has, saying which topic that one handles, writing nothing", async () => {
      await serviceGenerator(tree, { name: 'carts', domain: 'orders', produces: 'order.item-added', skipFormat: true });
      await serviceGenerator(tree, { name: 'lines', domain: 'orders', produces: 'order-item.added', skipFormat: true });
      await handlerGenerator(tree, { topic: 'orders.order.item-added', service: 'billing', skipFormat: true });
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order-item.added', service: 'billing' }));
      expect(error.message).not.toContain('already handles "orders.order-item.added"');
      expect(error.message).toContain(
        'apps/billing-service/src/handlers/orders-order-item-added.handler.ts exists already and handles "orders.order.item-added", not "orders.order-item.added"',
      );
    });
  });

  describe('--service', () => {
    it('refuses a service that does not exist, writing nothing', async () => {
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order.created', service: 'shipping' }));
      expect(error.message).toContain('There is no service "shipping"');
      expect(error.message).toContain('Services: billing, orders.');
    });

    it('refuses an app module it cannot find the controllers of, writing nothing', async () => {
      tree.write(`${root}/src/app/app.module.ts`, 'export class AppModule {}\n');
      const error = await expectRefusal(tree, () => handlerGenerator(tree, { topic: 'orders.order.created', service: 'billing' }));
      expect(error.message).toContain('Cannot find Module({ controllers: [...] }) in apps/billing-service/src/app/app.module.ts (was it renamed?)');
    });
  });
});
