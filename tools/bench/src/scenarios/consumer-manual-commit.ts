import {
  type CommitPolicy,
  createEnvelope,
  createKafkaEventConsumer,
  createTopicsAndWait,
  defineCatalog,
  defineTopic,
  ensureConsumerTopics,
  envelopeHeaders,
} from '@platform/kafka';
import { uniqueName } from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { z } from 'zod';
import type { RunResult, Scenario, ScenarioContext } from '../scenario';
import { startCpuClock } from '../cpu-clock';
import { messagesPerSecond } from '../stats';
import { sendInBatches } from '../workload';

const PARTITIONS = 12;
const CONSUME_TIMEOUT_MS = 120_000;
const ManualCommitEvent = z.object({ i: z.number().int(), pad: z.string() });
/** ~1 KiB of JSON, like the baseline's 1 KiB values; the CloudEvents headers come on top. */
const PAD = randomBytes(500).toString('hex');

/**
 * Our manual-commit consumer, as a service runs it with default settings (3 retry topics and a
 * dead-letter topic subscribed or armed, envelope decoding and schema validation per event), on
 * the baseline's workload: a pre-filled 12-partition topic read by a fresh group. Clock: group
 * joined → Nth event handled, like consumer.raw-autocommit.
 */
export const consumerManualCommit: Scenario = {
  name: 'consumer.manual-commit',
  description:
    'our manual-commit consumer: batched (interval) commits, CloudEvents decode + schema check, retry/DLT armed',
  metric: 'msgs_per_s',
  baseline: 'consumer.raw-autocommit',
  target: '>= 0.90',
  floor: 'consumer.raw-parse',
  run: (ctx) => runManualCommit(ctx, 'manual-commit', { mode: 'interval', intervalMs: 1_000 }),
};

export async function runManualCommit(
  ctx: ScenarioContext,
  label: string,
  commit: CommitPolicy,
): Promise<RunResult> {
  // Catalog topics follow the naming rules; ctx.createTopic's names do not.
  const topic = `bench.${uniqueName('m').replace('-', '')}.created`;
  const service = ctx.groupId(label);
  const catalog = defineCatalog({
    service: 'bench',
    topics: [
      defineTopic({
        name: topic,
        partitions: PARTITIONS,
        key: 'bench key',
        schema: ManualCommitEvent,
      }),
    ],
  });
  const subscriptions = [{ topic }];
  const kafka = ctx.kafka(`${label}-admin`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsAndWait(admin, [{ topic, numPartitions: PARTITIONS }]);
    await ensureConsumerTopics(admin, { service, catalog, subscriptions });
    await fillWithCloudEvents(ctx, topic);
    let joinedAt: number | undefined;
    let cpu: ((messages: number) => number) | undefined;
    let cpuUsPerMessage = 0;
    let handled = 0;
    let finish: (elapsedMs: number) => void = () => undefined;
    const done = new Promise<number>((resolve, reject) => {
      finish = resolve;
      setTimeout(
        () =>
          reject(
            new Error(`handled ${handled} of ${ctx.messages} events in ${CONSUME_TIMEOUT_MS} ms`),
          ),
        CONSUME_TIMEOUT_MS,
      ).unref();
    });
    const consumer = createKafkaEventConsumer({
      kafka: ctx.kafka(label),
      service,
      catalog,
      subscriptions: [
        {
          topic,
          handler: async () => {
            if (++handled === ctx.messages) {
              const elapsedMs = performance.now() - (joinedAt ?? performance.now());
              cpuUsPerMessage = (cpu ?? startCpuClock())(ctx.messages);
              finish(elapsedMs);
            }
          },
        },
      ],
      commit,
      onEvent: (event) => {
        if (event.type !== 'group-joined') return;
        cpu ??= startCpuClock();
        joinedAt ??= performance.now();
      },
    });
    await consumer.start();
    try {
      const elapsedMs = await done;
      return {
        value: messagesPerSecond(ctx.messages, elapsedMs),
        details: { client_cpu_us_per_msg: cpuUsPerMessage },
      };
    } finally {
      await consumer.stop();
    }
  } finally {
    const ours = (await admin.listTopics()).filter((name) => name.startsWith(topic));
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Fills `topic` with ctx.messages binary-mode CloudEvents (~1 KiB JSON data, 7 ce_ headers); untimed. */
export async function fillWithCloudEvents(ctx: ScenarioContext, topic: string): Promise<void> {
  const producer = ctx
    .kafka('manual-commit-fill')
    .producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await sendInBatches({
      total: ctx.messages,
      batchSize: 1000,
      message: (i) => {
        const key = `key-${i % 1024}`;
        const envelope = createEnvelope(
          { key, data: { i, pad: PAD } },
          { type: topic, source: '/services/bench' },
        );
        return {
          key,
          value: Buffer.from(JSON.stringify(envelope.data)),
          headers: envelopeHeaders(envelope),
        };
      },
      send: (messages) => producer.send({ topic, acks: -1, messages }),
    });
  } finally {
    await producer.disconnect();
  }
}
