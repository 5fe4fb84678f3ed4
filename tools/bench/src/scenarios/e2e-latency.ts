import {
  createEventProducer,
  createKafkaEventConsumer,
  createTopicsAndWait,
  defineCatalog,
  defineTopic,
  ensureConsumerTopics,
} from '@platform/kafka';
import { uniqueName } from '@platform/testing';
import { BENCH_PARTITIONS } from '../context';
import type { Scenario } from '../scenario';
import { messagesPerSecond, round } from '../stats';
import { sendInBatches } from '../workload';
import { ArrivalLog, currentPacedRate, latencyResult, sendPaced } from './e2e-latency-workload';
import { KeyedBenchEvent, toEvent } from './keyed-producer-workload';

/**
 * Our event path end to end: createEventProducer (one `send` per event, as a service calls it,
 * library defaults) → createKafkaEventConsumer (manual commit, library defaults: interval commits,
 * retry and dead-letter topics armed, envelope decoding and schema check) → handler. Same topic
 * shape, keys and ~1 KiB payloads as e2e.raw-latency, and the same two phases on the same
 * clients: first the maximum-rate phase (producer.raw's workload through `sendMany`; its rate is
 * reported as `max_msgs_per_s`, not used for pacing), then the paced phase at the rate the
 * baseline measured in the same round. Without the first phase our paced phase would start on a
 * cold producer, consumer and topic while the baseline's starts warm. value = p99 of due →
 * handler in the paced phase, in ms; target: <= 2 × the raw p99.
 */
export const e2eLatency: Scenario = {
  name: 'e2e.latency',
  description:
    'our producer (send per event) → our manual-commit consumer handler, p99 ms at e2e.raw-latency’s rate',
  metric: 'ms',
  baseline: 'e2e.raw-latency',
  target: '<= 2',
  async run(ctx) {
    const rate = currentPacedRate();
    // Catalog topics follow the naming rules; ctx.createTopic's names do not.
    const topic = `bench.${uniqueName('e2e').replace('-', '')}.created`;
    const service = ctx.groupId('e2e-latency');
    const catalog = defineCatalog({
      service: 'bench',
      topics: [
        defineTopic({
          name: topic,
          partitions: BENCH_PARTITIONS,
          key: 'bench key',
          schema: KeyedBenchEvent,
        }),
      ],
    });
    const subscriptions = [{ topic }];
    const admin = ctx.kafka('e2e-latency-admin').admin();
    await admin.connect();
    try {
      await createTopicsAndWait(admin, [{ topic, numPartitions: BENCH_PARTITIONS }]);
      await ensureConsumerTopics(admin, { service, catalog, subscriptions });
      let arrivals = new ArrivalLog(ctx.messages);
      let joined!: () => void;
      const groupJoined = new Promise<void>((resolve) => (joined = resolve));
      const consumer = createKafkaEventConsumer({
        kafka: ctx.kafka('e2e-latency-consumer'),
        service,
        catalog,
        subscriptions: [
          {
            topic,
            handler: async (event: { data: KeyedBenchEvent }) => {
              arrivals.record(event.data.i, performance.now());
            },
          },
        ],
        onEvent: (event) => {
          if (event.type === 'group-joined') joined();
        },
      });
      const producer = createEventProducer({
        service: 'bench',
        catalog,
        kafka: ctx.kafka('e2e-latency-producer'),
      });
      try {
        await producer.connect();
        await consumer.start();
        await groupJoined;

        const started = performance.now();
        await sendInBatches({
          total: ctx.messages,
          message: (i) => ctx.message(i),
          send: (messages) => producer.sendMany(topic, messages.map(toEvent)),
        });
        await arrivals.done;
        const maxRate = messagesPerSecond(ctx.messages, performance.now() - started);

        const paced = new ArrivalLog(ctx.messages);
        arrivals = paced;
        const ackedAt = new Float64Array(ctx.messages);
        const dueAt = await sendPaced(ctx.messages, rate, (start, end) => {
          for (let i = start; i < end; i++)
            producer.send(topic, toEvent(ctx.message(i))).then(
              () => (ackedAt[i] = performance.now()),
              (error) => paced.abort(error),
            );
        });
        await paced.done;
        await producer.flush(); // a message can be handled before its send resolved
        return latencyResult(dueAt, paced, rate, ackedAt, {
          max_msgs_per_s: round(maxRate, 1),
        });
      } finally {
        await consumer.stop();
        await producer.disconnect();
      }
    } finally {
      const ours = (await admin.listTopics()).filter((name) => name.startsWith(topic));
      await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect();
    }
  },
};
