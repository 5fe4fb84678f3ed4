import { validateServiceName, validateTopicName } from '@platform/naming';
import type { NodePlopAPI } from 'plop';
import { refuseSagaTopic } from '../handler/lib/declared-topic';
import { messageOf } from '../testing/tree-helpers';
import { registerPlopGenerators, validateServiceAnswer, validateTopicAnswer } from './plop-generators';

type Generator = { prompts: { name: string; validate: (value: string, answers?: object) => true | string }[]; actions: ((answers: object) => Promise<string>)[] };

function register(runNx: (args: readonly string[]) => string): Record<string, Generator> {
  const generators: Record<string, Generator> = {};
  const plop = { setGenerator: (name: string, config: Generator) => (generators[name] = config) } as unknown as NodePlopAPI;
  registerPlopGenerators(plop, runNx);
  return generators;
}

describe('plop generators', () => {
  describe('answers', () => {
    it('accepts a service with or without -service, refusing others with the naming message', () => {
      expect(validateServiceAnswer('billing')).toBe(true);
      expect(validateServiceAnswer('billing-service')).toBe(true);
      expect(validateServiceAnswer('Billing')).toBe(messageOf(() => validateServiceName('Billing')));
    });

    it('accepts an event topic, refusing others with the naming message', () => {
      expect(validateTopicAnswer('orders.order.created')).toBe(true);
      expect(validateTopicAnswer('orders.order.create')).toBe(messageOf(() => validateTopicName('orders.order.create')));
    });
  });

  describe('handler', () => {
    it('refuses a saga topic as nx g handler does, not with the past-tense rule', () => {
      const { handler } = register(() => '');
      const topic = handler.prompts.find((prompt) => prompt.name === 'topic');
      expect(topic?.validate('orders.order.replies')).toBe(messageOf(() => refuseSagaTopic('orders.order.replies')));
      expect(topic?.validate('payments.payment.commands')).toBe(messageOf(() => refuseSagaTopic('payments.payment.commands')));
      expect(topic?.validate('orders.order.created')).toBe(true);
    });

    it('asks for the service, then the topic, and runs nx g handler with them', async () => {
      const calls: (readonly string[])[] = [];
      const { handler } = register((args) => {
        calls.push(args);
        return 'NX  Generating\nCREATE apps/billing-service/src/handlers/x.handler.ts\nUPDATE apps/billing-service/src/app/app.module.ts\n';
      });
      expect(handler.prompts.map((prompt) => prompt.name)).toEqual(['service', 'topic']);
      const result = await handler.actions[0]({ service: 'billing-service', topic: 'orders.order.created' });
      expect(calls).toEqual([['g', '@platform/generators:handler', 'orders.order.created', '--service=billing', '--no-interactive']]);
      expect(result).toBe('nx g handler: CREATE apps/billing-service/src/handlers/x.handler.ts, UPDATE apps/billing-service/src/app/app.module.ts');
    });

    it("fails the action with the generator's refusal", async () => {
      const { handler } = register(() => {
        throw new Error('No topic catalog declares "orders.order.shipped" ... Example: orders.order.created');
      });
      await expect(handler.actions[0]({ service: 'billing', topic: 'orders.order.shipped' })).rejects.toThrow('No topic catalog declares');
    });
  });

  describe('event', () => {
    it('accepts <entity>.<event> as nx g event does, checked in the service\'s domain', () => {
      const { event } = register(() => '');
      const topic = event.prompts.find((prompt) => prompt.name === 'topic');
      const answers = { service: 'orders-service' };
      expect(topic?.validate('order.cancelled', answers)).toBe(true);
      expect(topic?.validate('orders.order.cancelled', answers)).toBe(true);
      expect(topic?.validate('order.Cancelled', answers)).toBe(messageOf(() => validateTopicName('orders.order.Cancelled')));
      expect(topic?.validate('cancelled', answers)).toBe(messageOf(() => validateTopicName('cancelled')));
    });


    it('runs nx g event for the service', async () => {
      const calls: (readonly string[])[] = [];
      const { event } = register((args) => {
        calls.push(args);
        return '';
      });
      await event.actions[0]({ service: 'orders', topic: 'orders.order.cancelled' });
      expect(calls[0]).toEqual(['g', '@platform/generators:event', 'orders.order.cancelled', '--service=orders', '--no-interactive']);
    });
  });
});
