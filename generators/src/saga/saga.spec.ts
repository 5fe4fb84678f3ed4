import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { serviceGenerator } from '../service/service';
import { addLibrary, expectRefusal } from '../testing/tree-helpers';
import { sagaGenerator } from './saga';

const root = 'apps/orders-service';
const read = (tree: Tree, path: string): string => tree.read(path, 'utf-8') ?? '';

describe('saga generator', () => {
  let tree: Tree;

  beforeEach(async () => {
    tree = createTreeWithEmptyWorkspace();
    await serviceGenerator(tree, { name: 'orders', skipFormat: true });
  });

  describe('without libs/saga', () => {
    it('refuses with what is missing and how to go on, writing nothing', async () => {
      const error = await expectRefusal(tree, () => sagaGenerator(tree, { name: 'create-order', service: 'orders' }));
      expect(error.message).toBe(
        'A saga definition needs the saga library (libs/saga/package.json), which is not in this workspace yet. Generate without it now and add it once the library has landed; nothing was written. Example: nx g saga create-order --service=orders',
      );
    });
  });

  describe('name', () => {
    beforeEach(() => addLibrary(tree, 'saga'));

    it('writes the definition skeleton and its given/expect spec', async () => {
      await sagaGenerator(tree, { name: 'create-order', service: 'orders', skipFormat: true });
      const definition = read(tree, `${root}/src/sagas/create-order.saga.ts`);
      expect(definition).toContain('export function createOrderSaga(): SagaDefinition<CreateOrderData>');
      expect(definition).toContain("name: 'create-order',\n    replyTopic: 'orders.order.replies',");
      expect(definition).toContain('stepTimeoutMs: 30_000,');
      expect(read(tree, `${root}/src/sagas/create-order.saga.spec.ts`)).toContain(".whenStarted({ orderId: 'order-1' })");
    });

    it('refuses an invalid saga name with the naming rule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => sagaGenerator(tree, { name: 'CreateOrder', service: 'orders' }));
      expect(error.message).toBe('Invalid saga name "CreateOrder": must be lowercase (rule: lowercase). Example: create-order');
    });

    it('refuses a saga that exists, writing nothing', async () => {
      await sagaGenerator(tree, { name: 'create-order', service: 'orders', skipFormat: true });
      const error = await expectRefusal(tree, () => sagaGenerator(tree, { name: 'create-order', service: 'orders' }));
      expect(error.message).toContain('apps/orders-service/src/sagas/create-order.saga.ts exists already');
    });
  });

  describe('--entity', () => {
    beforeEach(() => addLibrary(tree, 'saga'));

    it('names the reply topic after the entity', async () => {
      await sagaGenerator(tree, { name: 'fulfil', service: 'orders', entity: 'shipment', skipFormat: true });
      expect(read(tree, `${root}/src/sagas/fulfil.saga.ts`)).toContain("replyTopic: 'orders.shipment.replies'");
    });
  });

  describe('reply topic', () => {
    beforeEach(() => {
      addLibrary(tree, 'saga');
      addLibrary(tree, 'outbox');
    });

    it('refuses one another service declares (a second service in its domain), writing nothing', async () => {
      await serviceGenerator(tree, { name: 'checkout', domain: 'shop', saga: true, skipFormat: true });
      await serviceGenerator(tree, { name: 'returns', domain: 'shop', skipFormat: true });
      const error = await expectRefusal(tree, () => sagaGenerator(tree, { name: 'refund-checkout', service: 'returns' }));
      expect(error.message).toBe(
        'The saga\'s reply topic "shop.checkout.replies" is already declared in apps/checkout-service/src/topic-catalog.ts: another service owns it, and two services\' sagas on one reply topic would read each other\'s replies. Name the reply topic after another entity of this service with --entity; nothing was written. Example: nx g saga refund-checkout --service=returns --entity=<entity>',
      );
    });

    it('accepts the one its own catalog declares: a second saga of the service shares it', async () => {
      await serviceGenerator(tree, { name: 'checkout', domain: 'shop', saga: true, skipFormat: true });
      await sagaGenerator(tree, { name: 'repeat-checkout', service: 'checkout', skipFormat: true });
      expect(read(tree, 'apps/checkout-service/src/sagas/repeat-checkout.saga.ts')).toContain("replyTopic: 'shop.checkout.replies'");
    });
  });

  describe('--service', () => {
    it('refuses a service that does not exist, writing nothing', async () => {
      addLibrary(tree, 'saga');
      const error = await expectRefusal(tree, () => sagaGenerator(tree, { name: 'create-order', service: 'shipping' }));
      expect(error.message).toContain('There is no service "shipping"');
    });
  });
});
