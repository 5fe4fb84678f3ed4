import { z } from 'zod';
import { EnvelopeHeader } from '../envelope';
import { NonRetriableError } from '../errors';
import { defineCatalog, defineTopic } from '../topics';
import { AttemptLedger } from './attempt-ledger';
import { CommitTracker, type PartitionCommit } from './commit-tracker';
import { normalizeConsumerOptions } from './consumer-config';
import type { EventConsumerOptions } from './consumer-options';
import type { ConsumedMessage, OutgoingRecord } from './dead-letter';
import type {
  ConsumerEvent,
  EventBatchHandler,
  EventBatchItem,
  EventContext,
  EventHandler,
} from './event-consumer';
import { OffsetCommitter } from './offset-committer';
import { type PartitionBatch, PartitionRunner } from './partition-runner';
import { RetryHeader } from './retry-headers';

// The runner against a scripted batch: every retry/dead-letter decision without a broker.
const TOPIC = 'orders.order.created';
const catalog = defineCatalog({
  service: 'orders',
  topics: [
    defineTopic({
      name: TOPIC,
      partitions: 3,
      key: 'order id',
      schema: z.object({ n: z.number() }),
    }),
  ],
});
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function message(n: number, overrides: Partial<ConsumedMessage> = {}): ConsumedMessage {
  return {
    offset: String(n),
    key: Buffer.from(`order-${n % 2}`),
    value: Buffer.from(JSON.stringify({ n })),
    timestamp: '1700000000000',
    headers: {
      [EnvelopeHeader.Id]: `id-${n}`,
      [EnvelopeHeader.Type]: TOPIC,
      [EnvelopeHeader.Source]: '/services/orders',
      [EnvelopeHeader.SpecVersion]: '1.0',
      [EnvelopeHeader.ContentType]: 'application/json',
    },
    ...overrides,
  };
}

function setup(
  handler: EventHandler<{ n: number }>,
  options: Partial<EventConsumerOptions> = {},
  ordered = false,
) {
  const events: ConsumerEvent[] = [];
  const sent: OutgoingRecord[] = [];
  const pauses: { topic: string; partition: number; ms: number | undefined }[] = [];
  const shutdown = new AbortController();
  let now = 1_000_000;
  const config = normalizeConsumerOptions({
    service: 'billing',
    catalog,
    subscriptions: [{ topic: TOPIC, handler, ordered }],
    retry: {
      inPlaceAttempts: 2,
      backoff: { baseMs: 0, maxMs: 0 },
      retryTopicDelaysMs: [1_000, 5_000],
    },
    session: { maxBlockingWaitMs: 0 },
    commit: { mode: 'batch' },
    logger: silent,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const tracker = new CommitTracker();
  const committer = new OffsetCommitter(tracker, config.commit, () => undefined);
  let failSend = false;
  const runner = new PartitionRunner({
    config,
    tracker,
    committer,
    ledger: new AttemptLedger(),
    send: async (record) => {
      if (failSend) throw new Error('NOT_ENOUGH_REPLICAS');
      sent.push(record);
    },
    pauser: { pause: (topic, partition, ms) => pauses.push({ topic, partition, ms }) },
    shutdown: shutdown.signal,
    now: () => now,
    random: () => 0.5,
  });
  const commits: PartitionCommit[][] = [];
  const resolved: string[] = [];
  let heartbeat = async (): Promise<void> => undefined;
  const batch = (messages: ConsumedMessage[], topic = TOPIC): PartitionBatch => ({
    topic,
    partition: 1,
    messages,
    lastOffset: messages[messages.length - 1].offset,
    resolveOffset: (offset) => resolved.push(offset),
    heartbeat: () => heartbeat(),
    commit: async (offsets) => void commits.push(offsets),
    isRunning: () => true,
  });
  return {
    runner,
    batch,
    events,
    sent,
    pauses,
    commits,
    resolved,
    shutdown,
    advance: (ms: number) => (now += ms),
    failSends: (fail: boolean) => (failSend = fail),
    failHeartbeats: (error: Error) => (heartbeat = async () => Promise.reject(error)),
  };
}

describe('PartitionRunner', () => {
  it('handles a batch in order and commits once, past the last message', async () => {
    const seen: number[] = [];
    const { runner, batch, commits, resolved } = setup(
      async (event) => void seen.push(event.data.n),
    );
    await runner.run(batch([message(0), message(1), message(2)]));
    expect(seen).toEqual([0, 1, 2]);
    expect(resolved).toEqual(['2']);
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '3' }]]);
  });

  it('lets the event loop run during a long batch of handlers that resolve at once', async () => {
    // Such a batch is one chain of microtasks: without a yield, a producer's acks, HTTP requests
    // and timers of the same process wait until the whole fetch is handled.
    let handled = 0;
    const { runner, batch } = setup(async () => {
      const until = performance.now() + 0.2;
      while (performance.now() < until); // ~0.2 ms of synchronous work per message
      handled++;
    });
    let handledWhenTheLoopRan: number | undefined;
    setImmediate(() => (handledWhenTheLoopRan = handled));
    await runner.run(batch(Array.from({ length: 100 }, (_, n) => message(n))));
    expect(handled).toBe(100);
    expect(handledWhenTheLoopRan).toBeLessThan(100);
  });

  it('commits after every message in per-message mode', async () => {
    const { runner, batch, commits } = setup(async () => undefined, {
      commit: { mode: 'message' },
    });
    await runner.run(batch([message(0), message(1)]));
    expect(commits.map((c) => c[0].offset)).toEqual(['1', '2']);
  });

  it('gives the handler its context and retries a transient failure in place', async () => {
    const contexts: EventContext[] = [];
    const { runner, batch, commits, events } = setup(async (_, context) => {
      contexts.push(context);
      if (contexts.length === 1) throw new Error('connection reset');
    });
    await runner.run(batch([message(7)]));
    expect(contexts.map((c) => c.attempt)).toEqual([1, 2]);
    expect(contexts[0]).toMatchObject({
      topic: TOPIC,
      sourceTopic: TOPIC,
      partition: 1,
      offset: '7',
    });
    expect(contexts[0].headers[EnvelopeHeader.Id]).toBe('id-7');
    expect(events.map((e) => e.type)).toEqual(['retry-scheduled']);
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '8' }]]);
  });

  it('forwards to the first retry topic after the in-place tries, and the partition flows on', async () => {
    const seen: number[] = [];
    const { runner, batch, sent, commits } = setup(async (event) => {
      if (event.data.n === 0) throw new Error('still down');
      seen.push(event.data.n);
    });
    await runner.run(batch([message(0), message(1)]));
    expect(seen).toEqual([1]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      topic: 'orders.order.created.retry.billing.1',
      key: Buffer.from('order-0'),
      value: message(0).value,
    });
    expect(sent[0].headers).toMatchObject({
      [EnvelopeHeader.Id]: 'id-0',
      [RetryHeader.Attempts]: '2',
      [RetryHeader.DueAt]: String(1_000_000 + 1_000),
      [RetryHeader.OriginalTopic]: TOPIC,
      [RetryHeader.OriginalPartition]: '1',
      [RetryHeader.OriginalOffset]: '0',
      [RetryHeader.ErrorClass]: 'Error',
      [RetryHeader.ErrorMessage]: 'still down',
    });
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
  });

  it('dead-letters from the last retry topic, pointing at the original message', async () => {
    const { runner, batch, sent, advance } = setup(async () =>
      Promise.reject(new Error('never works')),
    );
    const retried = message(3, {
      headers: {
        ...message(3).headers,
        [RetryHeader.Attempts]: '4',
        [RetryHeader.DueAt]: '1000000',
        [RetryHeader.OriginalTopic]: TOPIC,
        [RetryHeader.OriginalPartition]: '1',
        [RetryHeader.OriginalOffset]: '42',
        [RetryHeader.OriginalTimestamp]: '1690000000000',
      },
    });
    advance(10);
    await runner.run(batch([retried], 'orders.order.created.retry.billing.2'));
    expect(sent).toHaveLength(1);
    expect(sent[0].topic).toBe('orders.order.created.dlt.billing');
    expect(sent[0].headers).toMatchObject({
      [EnvelopeHeader.Id]: 'id-3',
      dlt_original_topic: TOPIC,
      dlt_original_partition: '1',
      dlt_original_offset: '42',
      dlt_original_timestamp: '1690000000000',
      dlt_original_key: 'order-1',
      dlt_consumer_group: 'billing',
      dlt_attempts: '6',
      dlt_reason: 'retries-exhausted',
      dlt_error_class: 'Error',
      dlt_error_message: 'never works',
    });
    // The retry bookkeeping of earlier hops does not travel to the dead-letter topic.
    expect(Object.keys(sent[0].headers).some((name) => name.startsWith('retry_'))).toBe(false);
  });

  it('dead-letters an undecodable message at once without calling the handler', async () => {
    const handler = jest.fn(async () => undefined);
    const { runner, batch, sent, commits } = setup(handler);
    await runner.run(
      batch([message(0, { headers: {} }), message(1, { value: Buffer.from('{"n":"one"}') })]),
    );
    expect(handler).not.toHaveBeenCalled();
    expect(sent.map((r) => [r.topic, r.headers.dlt_error_class, r.headers.dlt_attempts])).toEqual([
      ['orders.order.created.dlt.billing', 'DeserializationError', '1'],
      ['orders.order.created.dlt.billing', 'DeserializationError', '1'],
    ]);
    expect(String(sent[1].headers.dlt_error_message)).toContain(
      'does not match the topic schema: n: ',
    );
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
  });

  it('dead-letters a NonRetriableError at once', async () => {
    const handler = jest.fn(async () => Promise.reject(new NonRetriableError('order unknown')));
    const { runner, batch, sent } = setup(handler);
    await runner.run(batch([message(0)]));
    expect(handler).toHaveBeenCalledTimes(1);
    expect(sent[0].headers).toMatchObject({
      dlt_reason: 'non-retriable',
      dlt_error_class: 'NonRetriableError',
      dlt_attempts: '1',
    });
  });

  it('forwards a message whose handler threw a value that cannot be described', async () => {
    // Building the retry record's headers threw (String() of an object without a prototype), so
    // the batch rejected and kafkajs crash-looped on this message.
    const { runner, batch, sent, commits } = setup(async () => {
      throw Object.create(null);
    });
    await runner.run(batch([message(0)]));
    expect(sent.map((record) => record.topic)).toEqual(['orders.order.created.retry.billing.1']);
    expect(sent[0].headers).toMatchObject({
      [RetryHeader.ErrorClass]: 'object',
      [RetryHeader.ErrorMessage]: '{}',
    });
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '1' }]]);
  });

  it('handles a retry-topic message whose retry headers have no value as one without them', async () => {
    // A header without a value arrives as null; reading it threw outside any try and the batch
    // rejected, so kafkajs crash-looped on the message.
    const contexts: EventContext[] = [];
    const { runner, batch, commits } = setup(async (_, context) => {
      contexts.push(context);
    });
    const nulls = Object.fromEntries(Object.values(RetryHeader).map((name) => [name, null]));
    const retried = message(0, { headers: { ...message(0).headers, ...nulls } as never });
    await runner.run(batch([retried], 'orders.order.created.retry.billing.1'));
    expect(contexts.map((context) => context.attempt)).toEqual([1]);
    expect(contexts[0].headers).toEqual(message(0).headers);
    expect(commits).toEqual([
      [{ topic: 'orders.order.created.retry.billing.1', partition: 1, offset: '1' }],
    ]);
  });

  it.each([
    ['missing', {}],
    ['not an offset', { [RetryHeader.OriginalOffset]: 'not-an-offset' }],
    ['of another topic', { [RetryHeader.OriginalTopic]: 'payments.payment.captured' }],
  ])(
    'dead-letters a retry record whose original coordinates are %s as one of its catalog topic, offset unknown',
    async (_, forged) => {
      // dlt_original_topic named the retry topic (or the forged one), which the dlq tool refuses
      // to replay; the offset pointed at another message.
      const { runner, batch, sent, advance } = setup(async () =>
        Promise.reject(new NonRetriableError('bad')),
      );
      const retried = message(3, {
        headers: {
          ...message(3).headers,
          ...(Object.keys(forged).length === 0
            ? {}
            : {
                [RetryHeader.OriginalTopic]: TOPIC,
                [RetryHeader.OriginalPartition]: '1',
                [RetryHeader.OriginalOffset]: '42',
                [RetryHeader.OriginalTimestamp]: '1690000000000',
              }),
          ...forged,
        },
      });
      advance(10);
      await runner.run(batch([retried], 'orders.order.created.retry.billing.1'));
      expect(sent[0].headers).toMatchObject({
        dlt_original_topic: TOPIC,
        dlt_original_partition: '1',
        dlt_original_offset: '',
        dlt_original_timestamp: '',
      });
    },
  );

  it('dead-letters a message whose CloudEvents header has no value at once, as undecodable', async () => {
    const handler = jest.fn(async () => undefined);
    const { runner, batch, sent, events } = setup(handler);
    const broken = message(0, {
      headers: { ...message(0).headers, [EnvelopeHeader.Id]: null } as never,
    });
    await runner.run(batch([broken]));
    expect(handler).not.toHaveBeenCalled();
    expect(events.map((event) => event.type)).toEqual(['dead-lettered']);
    expect(sent.map((record) => [record.topic, record.headers.dlt_reason])).toEqual([
      ['orders.order.created.dlt.billing', 'non-retriable'],
    ]);
    expect(sent[0].headers.dlt_error_class).toBe('DeserializationError');
  });

  it('pauses the partition until a retry message is due, then handles it', async () => {
    const handler = jest.fn(async () => undefined);
    const { runner, batch, pauses, resolved, commits, advance } = setup(handler);
    const due = message(0, {
      headers: {
        ...message(0).headers,
        [RetryHeader.Attempts]: '2',
        [RetryHeader.DueAt]: String(1_000_000 + 800),
      },
    });
    await runner.run(batch([due, message(1)], 'orders.order.created.retry.billing.1'));
    expect(handler).not.toHaveBeenCalled();
    expect(pauses).toEqual([
      { topic: 'orders.order.created.retry.billing.1', partition: 1, ms: 800 },
    ]);
    expect(resolved).toEqual([]);
    expect(commits).toEqual([]);
    advance(800);
    await runner.run(batch([due, message(1)], 'orders.order.created.retry.billing.1'));
    expect(handler).toHaveBeenCalledTimes(2);
    expect((handler.mock.calls[0] as unknown[])[1]).toMatchObject({
      attempt: 3,
      topic: 'orders.order.created.retry.billing.1',
    });
  });

  it("waits at most its retry topic's delay for a message due in the far future", async () => {
    // A forged or corrupt retry_due_at (years ahead) held the partition, and everything behind
    // the message, for as long as it said.
    const handler = jest.fn(async () => undefined);
    const { runner, batch, pauses, advance } = setup(handler);
    const farFuture = message(0, {
      timestamp: String(1_000_000 - 400), // written 400 ms ago, to the 1 s retry topic
      headers: {
        ...message(0).headers,
        [RetryHeader.Attempts]: '2',
        [RetryHeader.DueAt]: String(1_000_000 + 10 * 365 * 24 * 3_600_000),
      },
    });
    const retryTopic = 'orders.order.created.retry.billing.1';
    await runner.run(batch([farFuture], retryTopic));
    expect(pauses).toEqual([{ topic: retryTopic, partition: 1, ms: 600 }]);
    advance(600);
    await runner.run(batch([farFuture], retryTopic));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("never pauses longer than Node's longest timer, and pauses again for the rest", async () => {
    // setTimeout fires a longer delay after 1 ms: the partition resumed at once and the consumer
    // refetched the message in a loop for the whole (30-day) delay.
    const thirtyDays = 30 * 24 * 3_600_000;
    const handler = jest.fn(async () => undefined);
    const { runner, batch, pauses, advance } = setup(handler, {
      retry: {
        inPlaceAttempts: 1,
        backoff: { baseMs: 0, maxMs: 0 },
        retryTopicDelaysMs: [thirtyDays],
      },
    });
    const retried = message(0, {
      headers: { ...message(0).headers, [RetryHeader.DueAt]: String(1_000_000 + thirtyDays) },
    });
    const retryTopic = 'orders.order.created.retry.billing.1';
    await runner.run(batch([retried], retryTopic));
    advance(2 ** 31 - 1);
    await runner.run(batch([retried], retryTopic));
    expect(handler).not.toHaveBeenCalled();
    expect(pauses.map((pause) => pause.ms)).toEqual([2 ** 31 - 1, thirtyDays - (2 ** 31 - 1)]);
    advance(thirtyDays - (2 ** 31 - 1));
    await runner.run(batch([retried], retryTopic));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('continues the attempt count when a long backoff paused the partition', async () => {
    const attempts: number[] = [];
    const { runner, batch, pauses, advance } = setup(
      async (event, context) => {
        attempts.push(context.attempt);
        if (event.data.n === 0 && context.attempt < 3) throw new Error('busy');
      },
      { ordered: { attempts: 5, backoff: { baseMs: 1_000, maxMs: 1_000 } } },
      true,
    );
    await runner.run(batch([message(0), message(1)]));
    advance(500);
    await runner.run(batch([message(0), message(1)]));
    advance(500);
    await runner.run(batch([message(0), message(1)]));
    // Full jitter with random() = 0.5 halves the 1 s cap; the ordered partition waits, never skips ahead.
    expect(pauses).toEqual([
      { topic: TOPIC, partition: 1, ms: 500 },
      { topic: TOPIC, partition: 1, ms: 500 },
    ]);
    expect(attempts).toEqual([1, 2, 3, 1]);
  });

  it('commits again when the message its paused retry waited for is gone from the log', async () => {
    const seen: number[] = [];
    const { runner, batch, pauses, commits, advance } = setup(
      async (event) => {
        seen.push(event.data.n);
        if (event.data.n === 1) throw new Error('busy');
      },
      { ordered: { attempts: 5, backoff: { baseMs: 1_000, maxMs: 1_000 } } },
      true,
    );
    await runner.run(batch([message(0), message(1), message(2)]));
    expect(pauses).toHaveLength(1); // 1 waits for its retry, the partition paused
    expect(commits.flat().map((commit) => commit.offset)).toEqual(['1']);

    // Compaction (or retention) removed 1 and 2 meanwhile: the refetch from 1 begins at 3.
    advance(1_000);
    await runner.run(batch([message(3)]));
    expect(seen).toEqual([0, 1, 3]);
    expect(commits.flat().map((commit) => commit.offset)).toEqual(['1', '4']);
  });

  it('stops an ordered partition after its attempts when configured to', async () => {
    const seen: number[] = [];
    const { runner, batch, pauses, commits, events, sent } = setup(
      async (event) => {
        seen.push(event.data.n);
        if (event.data.n === 1) throw new Error('invariant broken');
      },
      { ordered: { attempts: 2, backoff: { baseMs: 0, maxMs: 0 }, onExhausted: 'stop-partition' } },
      true,
    );
    await runner.run(batch([message(0), message(1), message(2)]));
    expect(seen).toEqual([0, 1, 1]);
    expect(pauses).toEqual([{ topic: TOPIC, partition: 1, ms: undefined }]);
    expect(sent).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['retry-scheduled', 'partition-stopped']);
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '1' }]]);
  });

  it('gives a stopped ordered partition every attempt again when it is redelivered', async () => {
    // A rebalance ends the stop as a restart does. The paused backoffs had left the count in the
    // ledger, so the redelivered event got a single try and stopped the partition again at once.
    const attempts: number[] = [];
    const { runner, batch, events, advance } = setup(
      async (_, context) => {
        attempts.push(context.attempt);
        throw new Error('invariant broken');
      },
      {
        ordered: {
          attempts: 2,
          backoff: { baseMs: 1_000, maxMs: 1_000 },
          onExhausted: 'stop-partition',
        },
      },
      true,
    );
    await runner.run(batch([message(0)]));
    advance(500);
    await runner.run(batch([message(0)])); // second attempt fails: the partition stops
    expect(events.map((e) => e.type)).toEqual(['retry-scheduled', 'partition-stopped']);

    await runner.run(batch([message(0)])); // redelivered after the rebalance
    advance(500);
    await runner.run(batch([message(0)]));
    expect(attempts).toEqual([1, 2, 1, 2]);
    expect(events.map((e) => e.type)).toEqual([
      'retry-scheduled',
      'partition-stopped',
      'retry-scheduled',
      'partition-stopped',
    ]);
  });

  it('keeps the message when the retry topic does not acknowledge, and only re-sends it', async () => {
    const handler = jest.fn(async () => Promise.reject(new NonRetriableError('bad')));
    const { runner, batch, sent, pauses, commits, failSends, advance, events } = setup(handler);
    failSends(true);
    await runner.run(batch([message(0), message(1)]));
    expect(commits).toEqual([]);
    expect(pauses).toEqual([{ topic: TOPIC, partition: 1, ms: 0 }]);
    expect(events.map((e) => e.type)).toEqual(['forward-failed']);
    failSends(false);
    advance(1);
    await runner.run(batch([message(0), message(1)]));
    expect(handler).toHaveBeenCalledTimes(2);
    expect(sent.map((r) => r.headers.dlt_original_offset)).toEqual(['0', '1']);
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
  });

  it('goes on when an onEvent listener throws, so a forwarded message is not forwarded again', async () => {
    // The throw failed the batch after the retry record was written: the message stayed
    // uncommitted, and every redelivery wrote it to the retry topic again.
    const warnings: string[] = [];
    const { runner, batch, sent, commits } = setup(
      async () => Promise.reject(new Error('still down')),
      {
        onEvent: () => {
          throw new Error('metrics backend down');
        },
        logger: { ...silent, warn: (text) => void warnings.push(text) },
      },
    );
    await runner.run(batch([message(0), message(1)]));
    expect(sent.map((record) => record.headers[RetryHeader.OriginalOffset])).toEqual(['0', '1']);
    expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
    expect(warnings).toContain('The onEvent listener threw on a retry-scheduled event; ignored');
  });

  it('goes on when the logger throws, so a dead-lettered message is not dead-lettered again', async () => {
    // The logger's throw failed the batch right after the dead letter was written: the message
    // stayed uncommitted and was dead-lettered again on every redelivery.
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { runner, batch, sent, commits } = setup(
        async () => Promise.reject(Object.assign(new NonRetriableError('bad'), { amount: 10n })),
        // A logger that serializes its details: a BigInt (or a cycle) makes JSON.stringify throw.
        { logger: { ...silent, warn: (_, details) => void JSON.stringify(details) } },
      );
      await runner.run(batch([message(0)]));
      expect(sent.map((record) => record.headers.dlt_original_offset)).toEqual(['0']);
      expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '1' }]]);
      expect(stderr).toHaveBeenCalledWith(
        '[consumer] the logger threw on: Dead-lettered a message to orders.order.created.dlt.billing (non-retriable)',
        expect.any(TypeError),
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it('stops the batch, commits what is finished and rethrows when a heartbeat reports a rebalance', async () => {
    const seen: number[] = [];
    const rebalancing = Object.assign(new Error('The group is rebalancing'), {
      type: 'REBALANCE_IN_PROGRESS',
    });
    const context = setup(
      async (event) => {
        seen.push(event.data.n);
        if (event.data.n === 1) context.failHeartbeats(rebalancing);
      },
      { session: { maxBlockingWaitMs: 0, heartbeatIntervalMs: 1 } },
    );
    await expect(
      context.runner.run(context.batch([message(0), message(1), message(2)])),
    ).rejects.toBe(rebalancing);
    expect(seen).toEqual([0, 1]);
    expect(context.commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
  });

  it('neither retries nor forwards a message whose handler failed on a lost group membership', async () => {
    const rebalancing = Object.assign(new Error('The group is rebalancing'), {
      type: 'REBALANCE_IN_PROGRESS',
    });
    const context = setup(async (event, eventContext) => {
      if (event.data.n === 1) {
        context.failHeartbeats(rebalancing);
        await eventContext.heartbeat();
      }
    });
    await expect(
      context.runner.run(context.batch([message(0), message(1), message(2)])),
    ).rejects.toBe(rebalancing);
    expect(context.sent).toEqual([]);
    expect(context.events).toEqual([]);
    expect(context.commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '1' }]]);
  });

  it('finishes the handler in flight on shutdown, commits it and handles nothing more', async () => {
    const seen: number[] = [];
    const context = setup(async (event) => {
      seen.push(event.data.n);
      if (event.data.n === 0) context.shutdown.abort();
    });
    await context.runner.run(context.batch([message(0), message(1)]));
    expect(seen).toEqual([0]);
    expect(context.commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '1' }]]);
  });
  describe('with a batch handler', () => {
    const batched = (
      handler: EventHandler<{ n: number }>,
      handleBatch: EventBatchHandler<{ n: number }>,
    ) => setup(handler, { subscriptions: [{ topic: TOPIC, handler, handleBatch }] });

    it('hands the decodable messages to it in one call, in order, and commits past the last', async () => {
      const handler = jest.fn(async () => undefined);
      const calls: { n: number; offset: string; attempt: number; id: string }[][] = [];
      const { runner, batch, commits, resolved } = batched(handler, async (items) => {
        calls.push(
          items.map(({ event, context }) => ({
            n: event.data.n,
            offset: context.offset,
            attempt: context.attempt,
            id: event.id,
          })),
        );
      });
      await runner.run(batch([message(0), message(1), message(2)]));
      expect(calls).toEqual([
        [
          { n: 0, offset: '0', attempt: 1, id: 'id-0' },
          { n: 1, offset: '1', attempt: 1, id: 'id-1' },
          { n: 2, offset: '2', attempt: 1, id: 'id-2' },
        ],
      ]);
      expect(handler).not.toHaveBeenCalled();
      expect(resolved).toEqual(['2']);
      expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '3' }]]);
    });

    it('dead-letters an undecodable message on its own and batches the messages around it', async () => {
      const calls: number[][] = [];
      const { runner, batch, sent, commits } = batched(
        async () => undefined,
        async (items) => void calls.push(items.map(({ event }) => event.data.n)),
      );
      await runner.run(batch([message(0), message(1, { headers: {} }), message(2), message(3)]));
      expect(calls).toEqual([[0], [2, 3]]);
      expect(sent.map((record) => [record.topic, record.headers.dlt_original_offset])).toEqual([
        ['orders.order.created.dlt.billing', '1'],
      ]);
      expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '4' }]]);
    });

    it('when it rejects, handles each of its messages alone with the handler and its retries', async () => {
      const seen: number[] = [];
      const failure = new Error('deadlock detected');
      const { runner, batch, sent, commits, events } = batched(
        async (event) => {
          seen.push(event.data.n);
          if (event.data.n === 1) throw new NonRetriableError('order unknown');
        },
        async () => Promise.reject(failure),
      );
      await runner.run(batch([message(0), message(1), message(2)]));
      expect(seen).toEqual([0, 1, 2]);
      expect(events[0]).toEqual({
        type: 'batch-failed',
        topic: TOPIC,
        partition: 1,
        firstOffset: '0',
        lastOffset: '2',
        error: failure,
      });
      expect(
        sent.map((record) => [record.headers.dlt_original_offset, record.headers.dlt_attempts]),
      ).toEqual([['1', '1']]);
      expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '3' }]]);
    });

    it('commits what it was given even when it empties the array', async () => {
      // The runner read the array after the call: emptied, it counted 0 handled messages and
      // handed the same messages over again, forever. (The third call fails, to end that loop.)
      const handler = jest.fn(async () => undefined);
      let calls = 0;
      const { runner, batch, commits, events } = batched(handler, async (items) => {
        if (++calls === 3) throw new Error('called again');
        (items as EventBatchItem<{ n: number }>[]).splice(0);
      });
      await runner.run(batch([message(0), message(1)]));
      expect(calls).toBe(1);
      expect(handler).not.toHaveBeenCalled();
      expect(events).toEqual([]);
      expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
    });

    it('reports the offsets it was given when it empties the array and rejects', async () => {
      const seen: number[] = [];
      const { runner, batch, events, commits } = batched(
        async (event) => void seen.push(event.data.n),
        async (items) => {
          (items as EventBatchItem<{ n: number }>[]).splice(0);
          throw new Error('deadlock detected');
        },
      );
      await runner.run(batch([message(0), message(1)]));
      expect(events).toMatchObject([{ type: 'batch-failed', firstOffset: '0', lastOffset: '1' }]);
      expect(seen).toEqual([0, 1]);
      expect(commits).toEqual([[{ topic: TOPIC, partition: 1, offset: '2' }]]);
    });

    it('handles nothing more when it rejects after stop() began', async () => {
      // The one-by-one fallback began without asking whether to stop: stop() waited for one more
      // handler, and its retries, after the batch had failed.
      const handler = jest.fn(async () => undefined);
      const context = batched(handler, async () => {
        context.shutdown.abort();
        throw new Error('pool is closing');
      });
      await context.runner.run(context.batch([message(0), message(1)]));
      expect(handler).not.toHaveBeenCalled();
      expect(context.events.map((event) => event.type)).toEqual(['batch-failed']);
      expect(context.commits).toEqual([]);
      expect(context.resolved).toEqual([]);
    });

    it('leaves retry-topic messages to the handler', async () => {
      const handleBatch = jest.fn(async () => undefined);
      const seen: number[] = [];
      const { runner, batch } = batched(async (event) => void seen.push(event.data.n), handleBatch);
      await runner.run(batch([message(0), message(1)], 'orders.order.created.retry.billing.1'));
      expect(seen).toEqual([0, 1]);
      expect(handleBatch).not.toHaveBeenCalled();
    });

    it('neither retries nor commits a batch that failed on a lost group membership', async () => {
      const rebalancing = Object.assign(new Error('The group is rebalancing'), {
        type: 'REBALANCE_IN_PROGRESS',
      });
      const handler = jest.fn(async () => undefined);
      const context = batched(handler, async (items) => {
        context.failHeartbeats(rebalancing);
        await items[0].context.heartbeat();
      });
      await expect(context.runner.run(context.batch([message(0), message(1)]))).rejects.toBe(
        rebalancing,
      );
      expect(handler).not.toHaveBeenCalled();
      expect(context.events).toEqual([]);
      expect(context.commits).toEqual([]);
      expect(context.resolved).toEqual([]);
    });
  });
});
