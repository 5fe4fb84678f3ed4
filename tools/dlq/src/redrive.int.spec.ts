import {
  createEnvelope,
  createKafkaEventConsumer,
  createTopicsAndWait,
  defineCatalog,
  defineTopic,
  ensureConsumerTopics,
  envelopeHeaders,
  type EventConsumer,
  NonRetriableError,
} from '@platform/kafka';
import { testKafka, uniqueName, waitFor } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { runDlqCli } from './cli';
import { recordingIo } from './recording-io.spec-helper';

describe('dlq replay against the real broker', () => {
  const kafka = testKafka('dlq-it');
  const topic = `${uniqueName('it')}.order.placed`;
  const service = uniqueName('svc');
  const dlt = `${topic}.dlt.${service}`;
  const catalog = defineCatalog({
    service: 'orders',
    topics: [
      defineTopic({
        name: topic,
        partitions: 2,
        key: 'order id',
        schema: z.object({ id: z.string() }),
      }),
    ],
  });
  const retry = { inPlaceAttempts: 1, retryTopicDelaysMs: [] };
  let admin: Admin;
  let consumer: EventConsumer;
  let broken = true;
  const handled: { key: string; attempt: number; headers: Record<string, string> }[] = [];
  const deadLettered: string[] = [];
  const io = recordingIo();
  const { output, errors } = io;
  const originalId = 'evt-order-1';

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic, numPartitions: 2 }]);
    await ensureConsumerTopics(admin, { service, catalog, subscriptions: [{ topic }], retry });
    consumer = createKafkaEventConsumer({
      kafka,
      service,
      catalog,
      subscriptions: [
        {
          topic,
          handler: async (event, context) => {
            if (broken && event.key === 'order-1')
              throw new NonRetriableError('tax service rejected the order');
            handled.push({
              key: event.key,
              attempt: context.attempt,
              headers: { ...context.headers },
            });
          },
        },
      ],
      retry,
      session: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      onEvent: (event) => {
        if (event.type === 'dead-lettered') deadLettered.push(event.offset);
      },
    });
    await consumer.start();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: ['order-1', 'order-2'].map((key) => {
        const envelope = createEnvelope(
          { key, data: { id: key }, id: key === 'order-1' ? originalId : undefined },
          { type: topic, source: '/services/orders' },
        );
        return { key, value: JSON.stringify(envelope.data), headers: envelopeHeaders(envelope) };
      }),
    });
    await producer.disconnect();
    await waitFor(
      'the dead letter',
      () => deadLettered.length === 1 && handled.some((h) => h.key === 'order-2'),
    );
  });

  afterAll(async () => {
    await consumer.stop();
    await admin.disconnect();
  });

  beforeEach(() => {
    io.clear();
  });

  it('lists the dead letter with its error and origin', async () => {
    expect(await runDlqCli(['list', dlt], io)).toBe(0);
    expect(output[0]).toMatch(
      /^PARTITION\s+OFFSET\s+KEY\s+ATTEMPTS\s+ERROR CLASS\s+ERROR MESSAGE\s+ORIGINAL TOPIC\[PARTITION\]@OFFSET$/,
    );
    expect(output[1]).toMatch(
      new RegExp(
        `^\\d+\\s+0\\s+order-1\\s+1\\s+NonRetriableError\\s+tax service rejected the order\\s+${topic.replace(/\./g, '\\.')}\\[\\d\\]@0$`,
      ),
    );
    expect(output[2]).toBe(`1 dead letter(s) in ${dlt}.`);
  });

  it('refuses bad input with a usage error and exit code 2', async () => {
    expect(await runDlqCli(['replay', dlt], io)).toBe(2);
    expect(errors[0]).toBe(
      'dlq: Choose what to replay: --offsets, --partition, --key, --error-class, or --all.',
    );
    expect(await runDlqCli(['list', topic], io)).toBe(2);
    expect(errors[2]).toContain('(rule: segment-count)');
  });

  it('refuses a TLS or SASL setting it cannot use, naming the variable, before connecting', async () => {
    const env = { KAFKA_SSL: 'yes', KAFKA_SASL_USERNAME: 'ops' };
    expect(await runDlqCli(['list', dlt], { ...io, env })).toBe(2);
    expect(errors[0]).toContain('KAFKA_SSL is "yes": expected true or false');
    expect(errors[0]).toContain(
      'KAFKA_SASL_USERNAME/PASSWORD are set but KAFKA_SASL_MECHANISM is not',
    );
  });

  it('fails clearly on a dead-letter topic that does not exist', async () => {
    expect(await runDlqCli(['list', `${topic}.dlt.nobody`], io)).toBe(1);
    expect(errors).toEqual([`dlq: Topic ${topic}.dlt.nobody does not exist on this cluster.`]);
  });

  it('prints what it would replay on --dry-run and publishes nothing', async () => {
    const before = await admin.fetchTopicOffsets(topic);
    expect(await runDlqCli(['replay', dlt, '--key', 'order-1', '--dry-run'], io)).toBe(0);
    expect(output[0]).toMatch(
      new RegExp(
        `^would replay \\d+:0 \\(key order-1, NonRetriableError\\) -> ${topic.replace(/\./g, '\\.')}\\[\\d\\]$`,
      ),
    );
    expect(output[1]).toBe(
      'Dry run: 1 of 1 dead letters would be replayed; nothing was published.',
    );
    expect(await admin.fetchTopicOffsets(topic)).toEqual(before);
  });

  it('replays the dead letter to its original topic, where the fixed handler succeeds', async () => {
    broken = false;
    expect(await runDlqCli(['replay', dlt, '--error-class', 'NonRetriableError'], io)).toBe(0);
    expect(output[output.length - 1]).toMatch(/^Replayed 1 of 1 dead letters\./);
    await waitFor('the replayed event', () => handled.some((h) => h.key === 'order-1'));
    const replayed = handled.find((h) => h.key === 'order-1')!;
    // Same CloudEvent (id and all), a fresh first attempt, none of the dead-letter bookkeeping.
    expect(replayed.attempt).toBe(1);
    expect(replayed.headers.ce_id).toBe(originalId);
    expect(
      Object.keys(replayed.headers).filter(
        (name) => name.startsWith('dlt_') || name.startsWith('retry_'),
      ),
    ).toEqual([]);
  });
});
