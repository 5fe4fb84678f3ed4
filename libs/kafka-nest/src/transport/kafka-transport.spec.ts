import { Logger } from '@nestjs/common';
import {
  type ConsumerEvent,
  defineCatalog,
  defineTopic,
  type EventContext,
  type EventEnvelope,
  mergeCatalogs,
  NonRetriableError,
  RetriableError,
} from '@platform/kafka';
import type { Kafka } from 'kafkajs';
import { of, Subject, throwError } from 'rxjs';
import { z } from 'zod';
import type { KafkaModuleOptions } from '../kafka-module-options';
import { KafkaTransport } from './kafka-transport';
import { captureLoggerWarnings } from '../logger-warnings.spec-helper';

const source = 'orders.order.created';
const orders = defineCatalog({
  service: 'orders',
  topics: [defineTopic({ name: source, partitions: 3, key: 'order id', schema: z.unknown() })],
});
const billing = defineCatalog({
  service: 'billing',
  topics: [],
  retryTopicDelaysMs: [1_000, 10_000, 60_000, 300_000],
});
// No broker: the consumer is built (options checked, topics derived), then fails at its first admin call.
const noBroker = {
  admin: () => ({
    connect: async () => Promise.reject(new Error('no broker here')),
    disconnect: async () => undefined,
  }),
} as unknown as Kafka;

async function listen(
  consumer: KafkaModuleOptions['consumer'],
  own = billing,
): Promise<{ transport: KafkaTransport; error: unknown }> {
  const options: KafkaModuleOptions = {
    connection: { service: 'billing', brokers: ['127.0.0.1:1'], clientId: 'billing.test' },
    catalog: mergeCatalogs('billing', [own, orders]),
    consumer,
  };
  const transport = new KafkaTransport(options, noBroker);
  transport.addHandler(source, async () => undefined, true);
  const error = await new Promise((resolve) => void transport.listen(resolve));
  return { transport, error };
}

describe('KafkaTransport retry topic delays', () => {
  it("reads one retry topic per delay of the service's catalog", async () => {
    const { transport, error } = await listen({ session: { maxWaitTimeMs: 100 } });
    expect(error).toEqual(new Error('no broker here'));
    expect(transport.subscribedTopics()).toEqual([
      source,
      ...[1, 2, 3, 4].map((n) => `${source}.retry.billing.${n}`),
    ]);
  });

  it('has none for an ordered topic', async () => {
    const { transport } = await listen({ orderedTopics: [source] });
    expect(transport.subscribedTopics()).toEqual([source]);
  });

  it('refuses consumer options whose delays differ from the catalog’s, saying which to remove', async () => {
    const { transport, error } = await listen({ retry: { retryTopicDelaysMs: [500] } });
    expect(String(error)).toContain('Remove retry.retryTopicDelaysMs from the consumer options');
    expect(transport.subscribedTopics()).toEqual([]);
  });
});

describe('KafkaTransport ordered topics', () => {
  const orderedBilling = defineCatalog({
    service: 'billing',
    topics: [],
    retryTopicDelaysMs: billing.retryTopicDelaysMs,
    orderedTopics: [source],
  });

  it("reads no retry topics for a topic the service's catalog lists as ordered", async () => {
    const { transport, error } = await listen({ session: { maxWaitTimeMs: 100 } }, orderedBilling);
    expect(error).toEqual(new Error('no broker here'));
    expect(transport.subscribedTopics()).toEqual([source]);
  });

  it('accepts consumer.orderedTopics that agree with the catalog', async () => {
    const { transport, error } = await listen({ orderedTopics: [source] }, orderedBilling);
    expect(error).toEqual(new Error('no broker here'));
    expect(transport.subscribedTopics()).toEqual([source]);
  });

  it('refuses consumer.orderedTopics that disagree with the catalog, saying to remove them', async () => {
    const unordered = defineCatalog({ service: 'billing', topics: [], orderedTopics: [] });
    const { transport, error } = await listen({ orderedTopics: [source] }, unordered);
    expect(String(error)).toContain(
      "consumer.orderedTopics makes it ordered but the billing catalog's orderedTopics does not list it (unordered). " +
        `Remove consumer.orderedTopics and, if ${source} needs per-key order, add it to the billing catalog's orderedTopics`,
    );
    expect(transport.subscribedTopics()).toEqual([]);

    const { error: other } = await listen({ orderedTopics: [] }, orderedBilling);
    expect(String(other)).toContain(
      'Remove consumer.orderedTopics: the catalog decides, and `npm run topics -- apply` reads it too.',
    );
  });
});

describe('KafkaTransport ordered topics no handler reads', () => {
  const warnings = captureLoggerWarnings();

  it("warns about a catalog's ordered topic without a handler (a typo or a removed handler), naming the fix", async () => {
    const typo = defineCatalog({
      service: 'billing',
      topics: [],
      orderedTopics: ['orders.order.placed'],
    });
    await listen({ session: { maxWaitTimeMs: 100 } }, typo);
    expect(warnings).toEqual([
      "the billing catalog's orderedTopics lists orders.order.placed, which no @EventPattern handler of " +
        'billing reads, so it changes nothing. Fix the name, or remove the entry if the handler is gone.',
    ]);
  });

  it('warns about consumer.orderedTopics the same way, and says nothing when every entry is read', async () => {
    await listen({ orderedTopics: [source, 'orders.order.shipped'] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^consumer\.orderedTopics lists orders\.order\.shipped, which no/);
    warnings.length = 0;
    await listen({ orderedTopics: [source] });
    expect(warnings).toEqual([]);
  });
});

describe('KafkaTransport @MessagePattern handlers', () => {
  const warnings = captureLoggerWarnings();

  it('warns that a @MessagePattern on a catalog topic is never served, naming @EventPattern', async () => {
    const options: KafkaModuleOptions = {
      connection: { service: 'billing', brokers: ['127.0.0.1:1'], clientId: 'billing.test' },
      catalog: mergeCatalogs('billing', [billing, orders]),
    };
    const transport = new KafkaTransport(options, noBroker);
    transport.addHandler(source, async () => undefined, false);
    // Another transport's request-response pattern (a hybrid app) is none of this one's business.
    transport.addHandler('get-invoice', async () => undefined, false);
    await new Promise((resolve) => void transport.listen(resolve));
    expect(warnings).toEqual([
      `@MessagePattern('${source}') of billing is never called: KafkaTransport serves @EventPattern ` +
        `handlers only (an event has no reply). Use @EventPattern('${source}').`,
    ]);
    expect(transport.subscribedTopics()).toEqual([]);
  });
});

describe('KafkaTransport group membership', () => {
  /** The consumer's lifecycle events, as the transport hears them through its onEvent. */
  const hear = (transport: KafkaTransport, event: ConsumerEvent): void =>
    (transport as unknown as { onConsumerEvent(event: ConsumerEvent): void }).onConsumerEvent(
      event,
    );

  it('is not a member after a crash kafkajs restarts from, until the group is joined again', async () => {
    const { transport } = await listen({ session: { maxWaitTimeMs: 100 } });
    hear(transport, { type: 'group-joined', memberId: 'm-1', assignment: { [source]: [0] } });
    expect(transport.isMember()).toBe(true);
    // kafkajs leaves the group before it reports the crash; the restart may take long or fail again.
    hear(transport, {
      type: 'crashed',
      error: new Error('coordinator not available'),
      restarting: true,
    });
    expect(transport.isMember()).toBe(false);
    hear(transport, { type: 'group-joined', memberId: 'm-2', assignment: { [source]: [0] } });
    expect(transport.isMember()).toBe(true);
  });
});

describe('KafkaTransport close', () => {
  it("resolves when the consumer's stop fails (the broker is gone), so Nest goes on to flush the producer", async () => {
    const errors: unknown[] = [];
    const logged = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void errors.push(message));
    try {
      const { transport } = await listen({ session: { maxWaitTimeMs: 100 } });
      const internals = transport as unknown as {
        consumer: { stop(): Promise<void> };
        onConsumerEvent(event: ConsumerEvent): void;
      };
      internals.onConsumerEvent({ type: 'group-joined', memberId: 'm-1', assignment: {} });
      internals.consumer = {
        stop: async () => Promise.reject(new Error('coordinator not available')),
      };
      await expect(transport.close()).resolves.toBeUndefined();
      expect(transport.isMember()).toBe(false);
      expect(errors).toEqual([
        'Could not stop the consumer cleanly (coordinator not available); the rest of the app shuts down anyway',
      ]);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('KafkaTransport handler failures', () => {
  const envelope = {
    id: 'e-1',
    key: 'order-1',
    data: {},
    correlationId: 'c-1',
  } as unknown as EventEnvelope<never>;
  const context = {
    topic: source,
    sourceTopic: source,
    partition: 0,
    offset: '7',
    attempt: 1,
    headers: {},
    heartbeat: async () => undefined,
  } as EventContext;
  /** What the consumer's handler for `handler` rejects with: the error its retry policy reads. */
  const failureOf = async (handler: () => unknown): Promise<unknown> => {
    const transport = new KafkaTransport(
      {
        connection: { service: 'billing', brokers: ['127.0.0.1:1'], clientId: 'billing.test' },
        catalog: mergeCatalogs('billing', [billing, orders]),
      },
      noBroker,
    );
    const dispatch = (
      transport as unknown as {
        dispatch(handler: () => unknown, event: unknown, context: unknown): Promise<void>;
      }
    ).dispatch.bind(transport);
    return dispatch(handler, envelope, context).then(
      () => 'resolved',
      (error: unknown) => error,
    );
  };

  it("keeps the class of an error ErrorCaptureFilter did not see (a user's global filter rethrew it)", async () => {
    const poison = new NonRetriableError('order 1 can never be handled');
    expect(await failureOf(async () => Promise.reject(poison))).toBe(poison);
    expect(await failureOf(() => throwError(() => poison))).toBe(poison);
  });

  it("makes a retriable error of what Nest's default RPC filter left of the error", async () => {
    const failure = await failureOf(() => throwError(() => ({ status: 'error', message: 'boom' })));
    expect(failure).toEqual(new RetriableError('boom'));
  });
});

describe('KafkaTransport handlers that do not settle', () => {
  const warnings = captureLoggerWarnings();
  const envelope = { id: 'e-1', key: 'order-1', data: {} } as unknown as EventEnvelope<never>;
  const context = {
    topic: source,
    sourceTopic: source,
    partition: 2,
    offset: '41',
    attempt: 1,
    headers: {},
    heartbeat: async () => undefined,
  } as EventContext;
  const dispatcher = (consumer: KafkaModuleOptions['consumer']) => {
    const transport = new KafkaTransport(
      {
        connection: { service: 'billing', brokers: ['127.0.0.1:1'], clientId: 'billing.test' },
        catalog: mergeCatalogs('billing', [billing, orders]),
        consumer,
      },
      noBroker,
    );
    return (
      transport as unknown as {
        dispatch(handler: () => unknown, event: unknown, context: unknown): Promise<void>;
      }
    ).dispatch.bind(transport);
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  // The consumer heartbeats while a handler runs, so an observable that never completes holds
  // its partition forever with the member healthy in its group: only this warning tells.
  it('warns, naming the handler, partition and offset, while an observable has not completed', async () => {
    const never = new Subject<void>();
    const dispatched = dispatcher({ stuckHandlerWarningMs: 50 })(() => never, envelope, context);
    await sleep(130);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toMatch(
      new RegExp(
        `@EventPattern\\('${source}'\\) handler has not completed after \\d+ ms: ` +
          `${source}\\[2\\] offset 41 waits, and every message behind it on that partition`,
      ),
    );
    expect(warnings[0]).toMatch(/observable it returned has not completed/);
    never.complete();
    await expect(dispatched).resolves.toBeUndefined();
    const count = warnings.length;
    await sleep(120);
    expect(warnings).toHaveLength(count);
  });

  it('says nothing about a handler that settles in time', async () => {
    const dispatch = dispatcher({ stuckHandlerWarningMs: 100 });
    await dispatch(() => of(undefined), envelope, context);
    await dispatch(async () => sleep(20), envelope, context);
    await sleep(150);
    expect(warnings).toEqual([]);
  });

  it('refuses a stuckHandlerWarningMs that is not a usable timer delay at listen', async () => {
    for (const given of [0, -1, 1.5, Number.NaN, 2 ** 31]) {
      const { error } = await listen({ stuckHandlerWarningMs: given });
      expect(String(error)).toContain(
        `Invalid consumer.stuckHandlerWarningMs, expected a whole number of ms from 1 to ${2 ** 31 - 1} received ${given}`,
      );
    }
  });

  it('warns after 30 s by default', async () => {
    jest.useFakeTimers();
    try {
      const never = new Subject<void>();
      const dispatched = dispatcher(undefined)(() => never, envelope, context);
      await jest.advanceTimersByTimeAsync(29_999);
      expect(warnings).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(warnings).toHaveLength(1);
      never.complete();
      await dispatched;
    } finally {
      jest.useRealTimers();
    }
  });
});
