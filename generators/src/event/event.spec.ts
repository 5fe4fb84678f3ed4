import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { validateTopicName } from '@platform/naming';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceGenerator } from '../service/service';
import { expectRefusal, messageOf } from '../testing/tree-helpers';
import { eventGenerator } from './event';

const root = 'apps/orders-service';
const read = (tree: Tree, path: string): string => tree.read(path, 'utf-8') ?? '';

describe('event generator', () => {
  let tree: Tree;

  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    await serviceGenerator(tree, { name: 'orders', skipFormat: true });
  });

  describe('topic', () => {
    it('writes the contract, declares the topic and creates the publisher with its first method', async () => {
      await eventGenerator(tree, { topic: 'orders.order.created', service: 'orders', skipFormat: true });
      expect(read(tree, `${root}/src/events/order-created.event.ts`)).toContain('export const orderCreatedExample: OrderCreated');
      expect(tree.exists(`${root}/src/events/order-created.event.spec.ts`)).toBe(true);
      const catalog = read(tree, `${root}/src/topic-catalog.ts`);
      expect(catalog).toContain("import { OrderCreated } from './events/order-created.event';");
      expect(catalog).toContain("export const orderCreatedTopic = defineTopic({\n  name: 'orders.order.created',\n  partitions: 6,\n  key: 'order id',");
      expect(catalog).toContain('topics: [orderCreatedTopic]');
      expect(read(tree, `${root}/src/app/events.publisher.ts`)).toContain('orderCreated(event: OrderCreated)');
      const appModule = read(tree, `${root}/src/app/app.module.ts`);
      expect(appModule).toContain('providers: [EventsPublisher]');
      expect(appModule).toContain('exports: [EventsPublisher]');
    });

    it('adds a second event beside the first, keeping the publisher registered once', async () => {
      await eventGenerator(tree, { topic: 'order.created', service: 'orders', skipFormat: true });
      await eventGenerator(tree, { topic: 'order.cancelled', service: 'orders-service', skipFormat: true });
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain('topics: [orderCreatedTopic, orderCancelledTopic]');
      expect(read(tree, `${root}/src/app/events.publisher.ts`)).toContain('orderCancelled(event: OrderCancelled)');
      expect(read(tree, `${root}/src/app/app.module.ts`)).toContain('providers: [EventsPublisher]');
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain('example: orderCancelledExample }');
    });

    it('refuses an invalid topic with the naming rule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'orders.order.create', service: 'orders' }));
      expect(error.message).toBe(messageOf(() => validateTopicName('orders.order.create')));
    });

    describe('"<domain>.<event>", the entity left out', () => {
      beforeEach(async () => {
        await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      });

      it('is refused instead of becoming billing.billing.paid, quoting what was typed, writing nothing', async () => {
        const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'billing.paid', service: 'billing' }));
        expect(error.message).toBe(
          'Topic "billing.paid" starts with the domain "billing" but has no entity: did you mean billing.<entity>.paid? ' +
            'The name is <entity>.<event> (the domain "billing" is put in front) or the full <domain>.<entity>.<event>; nothing was written. ' +
            'Example: billing.<entity>.paid',
        );
      });

      it('suggests the entity and event run together in "billing.invoice_paid", never naming billing.billing.invoice_paid', async () => {
        const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'billing.invoice_paid', service: 'billing' }));
        expect(error.message).toContain('Topic "billing.invoice_paid" starts with the domain "billing" but has no entity: did you mean billing.invoice.paid?');
        expect(error.message).not.toContain('billing.billing');
      });

      it('still takes an entity named like the domain, written in full', async () => {
        await eventGenerator(tree, { topic: 'billing.billing.paid', service: 'billing', skipFormat: true });
        expect(read(tree, 'apps/billing-service/src/topic-catalog.ts')).toContain("name: 'billing.billing.paid'");
      });
    });

    it('refuses a topic declared already, writing nothing', async () => {
      await eventGenerator(tree, { topic: 'order.created', service: 'orders', skipFormat: true });
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'order.created', service: 'orders' }));
      expect(error.message).toContain('Topic "orders.order.created" is already declared in apps/orders-service/src/topic-catalog.ts');
    });
  });

  describe('a topic whose names another declared topic has (order-1.created, order1.created)', () => {
    it('is refused naming the constant both would declare, writing nothing', async () => {
      await eventGenerator(tree, { topic: 'orders.order-1.created', service: 'orders', skipFormat: true });
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'orders.order1.created', service: 'orders' }));
      expect(error.message).toBe(
        `Topic "orders.order1.created" would be declared as order1CreatedTopic with the schema Order1Created, which ${root}/src/topic-catalog.ts has already ` +
          '(another topic whose words join the same way): the service would not compile. Name it with other words, or write it by hand; nothing was written. ' +
          'Example: nx g event orders.order1.<another-event> --service=orders',
      );
    });
  });

  describe("a service whose AppModule is written by hand (the reference services')", () => {
    const moduleFile = `${root}/src/app/app.module.ts`;
    const referenceModule = (app: string): string =>
      readFileSync(
        join(__dirname, '..', '..', '..', 'apps', app, 'src', 'app', 'app.module.ts'),
        'utf-8',
      );

    it('adds providers: [EventsPublisher] to a module without providers (orders-service), and no exports list', async () => {
      tree.write(moduleFile, referenceModule('orders-service'));
      await eventGenerator(tree, { topic: 'order.cancelled', service: 'orders', skipFormat: true });
      const appModule = read(tree, moduleFile);
      expect(appModule).toContain('controllers: [OrdersController], providers: [EventsPublisher]');
      expect(appModule).toContain("import { EventsPublisher } from './events.publisher';");
      expect(appModule).not.toContain('exports: [EventsPublisher]');
    });

    it('appends to the providers of a module without exports (inventory-service)', async () => {
      tree.write(moduleFile, referenceModule('inventory-service'));
      await eventGenerator(tree, { topic: 'order.cancelled', service: 'orders', skipFormat: true });
      expect(read(tree, moduleFile)).toContain(
        'providers: [StockRepository, StockCommandsHandler, EventsPublisher]',
      );
    });

    it('fills an empty @Module({})', async () => {
      tree.write(
        moduleFile,
        "import { Module } from '@nestjs/common';\n@Module({})\nexport class AppModule {}\n",
      );
      await eventGenerator(tree, { topic: 'order.cancelled', service: 'orders', skipFormat: true });
      expect(read(tree, moduleFile)).toContain('@Module({providers: [EventsPublisher]})');
    });

    it('refuses providers that are not an array literal, writing nothing', async () => {
      tree.write(
        moduleFile,
        "import { Module } from '@nestjs/common';\n@Module({ providers: PROVIDERS })\nexport class AppModule {}\n",
      );
      const error = await expectRefusal(tree, () =>
        eventGenerator(tree, { topic: 'order.cancelled', service: 'orders' }),
      );
      expect(error.message).toContain(
        `Cannot find Module({ providers: [...] }) (or Module({...}) without providers) in ${moduleFile} (was it renamed?)`,
      );
    });
  });

  describe('--service', () => {
    it('refuses a service that does not exist, listing those that do, writing nothing', async () => {
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'shipment.sent', service: 'shipping' }));
      expect(error.message).toBe(
        'There is no service "shipping" (expected the project shipping-service with apps/shipping-service/src/topic-catalog.ts and apps/shipping-service/src/app/app.module.ts). Services: orders. Example: --service=orders',
      );
    });

    it('refuses a catalog it cannot find the topics list of, writing nothing', async () => {
      tree.write(`${root}/src/topic-catalog.ts`, "export const catalog = mergeCatalogs('orders', []);\n");
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'order.created', service: 'orders' }));
      expect(error.message).toContain('Cannot find export const catalog = defineCatalog(...) in apps/orders-service/src/topic-catalog.ts');
    });

    it("refuses a topic outside the service's domain, writing nothing", async () => {
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'billing.invoice.created', service: 'orders' }));
      expect(error.message).toContain('Example: orders.invoice.created');
    });
  });

  describe('--partitions', () => {
    it('sets the partitions of the topic', async () => {
      await eventGenerator(tree, { topic: 'order.created', service: 'orders', partitions: 12, skipFormat: true });
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain('partitions: 12,');
    });

    it('refuses less than one partition, writing nothing', async () => {
      const error = await expectRefusal(tree, () => eventGenerator(tree, { topic: 'order.created', service: 'orders', partitions: 0 }));
      expect(error.message).toBe('Invalid --partitions 0: expected a whole number >= 1. Example: --partitions=6');
    });

    it('refuses more than 1000 partitions, naming the limit and what to do, writing nothing', async () => {
      const error = await expectRefusal(tree, () =>
        eventGenerator(tree, { topic: 'order.created', service: 'orders', partitions: 60000 }),
      );
      expect(error.message).toBe(
        'Invalid --partitions 60000: at most 1000 partitions per topic. Each partition is a log on every replica, and each consuming service gets ' +
          'retry and dead-letter topics with as many again, so this is most likely a typo; size it with partitionsFor() from @platform/kafka. ' +
          'A topic that truly needs more: generate it with --partitions=1000, then raise partitions in its defineTopic by hand; nothing was written. ' +
          'Example: --partitions=6',
      );
    });

    it('takes 1000 partitions, the limit', async () => {
      await eventGenerator(tree, {
        topic: 'order.created',
        service: 'orders',
        partitions: 1000,
        skipFormat: true,
      });
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain('partitions: 1000,');
    });
  });
});
