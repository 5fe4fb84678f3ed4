import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NonRetriableError } from '@platform/kafka';
import { KafkaEventContext } from '@platform/kafka-nest';
import { type AnySagaDefinition, saga } from '@platform/saga';
import { toTransportHandler } from './kafka-handler';
import { SAGA_DEFINITIONS, sagaProviders } from './saga-provider';

const plain = saga<{ n: number }>({ name: 'plain', replyTopic: 'orders.order.replies' }).step('only').local(() => undefined).build();

@Injectable()
class ProvidedSaga {
  readonly definition = saga<{ n: number }>({ name: 'provided', replyTopic: 'orders.order.replies' }).step('only').local(() => undefined).build();
}

@Injectable()
class NotASaga {
  readonly definition = undefined;
}

describe('sagaProviders', () => {
  it('collects definitions from provider classes and plain definitions, in order', async () => {
    const module = await Test.createTestingModule({ providers: sagaProviders([ProvidedSaga, plain]) }).compile();
    expect(module.get<AnySagaDefinition[]>(SAGA_DEFINITIONS).map((definition) => definition.name)).toEqual(['provided', 'plain']);
  });

  it('names a registration left undefined (an import cycle) instead of failing on it while the module is declared', async () => {
    const providers = () => sagaProviders([plain, undefined as never]);
    expect(providers).not.toThrow();
    await expect(Test.createTestingModule({ providers: providers() }).compile()).rejects.toThrow(
      'Invalid saga provider #1: expected an object with a built definition (saga(...)...build()) in "definition"',
    );
  });

  it('names a provider without a built definition', async () => {
    await expect(Test.createTestingModule({ providers: sagaProviders([NotASaga as never]) }).compile()).rejects.toThrow(
      'Invalid saga provider #0: expected an object with a built definition (saga(...)...build()) in "definition"',
    );
  });
});

describe('toTransportHandler', () => {
  const envelope = { id: 'e-1', type: 't', source: '/s', time: '', key: 'k', correlationId: 'e-1', data: { a: 1 } };
  const context = (): KafkaEventContext => new KafkaEventContext({ envelope, topic: 'orders.order.replies', partition: 2, offset: '7', attempt: 1, heartbeat: async () => undefined });

  it('hands the whole envelope and the delivery facts to the handler', async () => {
    const seen: unknown[] = [];
    await toTransportHandler(async (event, ctx) => void seen.push(event, ctx.sourceTopic, ctx.partition, ctx.offset))(envelope.data, context());
    expect(seen).toEqual([envelope, 'orders.order.replies', 2, '7']);
  });

  it('keeps the handler error on the context so its class decides the retry', async () => {
    const ctx = context();
    const error = new NonRetriableError('bad reply');
    await expect(toTransportHandler(async () => Promise.reject(error))(envelope.data, ctx)).rejects.toBe(error);
    expect(ctx.failure).toBe(error);
  });
});
