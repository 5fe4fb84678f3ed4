import { type Consumer, Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { messagesPerSecond, round } from '../stats';
import { sendInBatches } from '../workload';
import {
  ArrivalLog,
  latencyResult,
  RATE_FRACTION,
  sendPaced,
  setPacedRate,
} from './e2e-latency-workload';

/**
 * Baseline for e2e.latency: stock kafkajs producer → stock kafkajs consumer (eachMessage, kafkajs
 * defaults but autoCommit off) on one 12-partition topic of keyed 1 KiB messages. kafkajs'
 * autoCommit commits after every partition's batch, a round trip in the fetch loop that made p50
 * ~150 ms here; without commits this is the transport alone, the floor any kafkajs consumer
 * (ours commits on a 1 s interval, off the fetch loop) is compared with.
 *
 * 1. Raw maximum rate: producer.raw's workload (send batches of 100, acks=all, 4 in flight) while
 *    the consumer reads; rate = messages / (first send → last message handed to eachMessage).
 * 2. Latency: the same number of messages again, paced open-loop at RATE_FRACTION of that rate,
 *    one `send` (acks=all) per timer tick with the messages due. value = p99 of due → eachMessage,
 *    in ms; details: p50, p90, p99, max, ack_p50/ack_p99 (due → send resolved), the paced rate
 *    and the raw maximum rate.
 */
export const e2eRawLatency: Scenario = {
  name: 'e2e.raw-latency',
  description:
    'kafkajs producer → kafkajs consumer (eachMessage), p99 ms at half the raw max rate measured first',
  metric: 'ms',
  async run(ctx) {
    const topic = await ctx.createTopic('e2e-raw-latency');
    const producer = ctx
      .kafka('e2e-raw-latency-producer')
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = ctx
      .kafka('e2e-raw-latency-consumer')
      .consumer({ groupId: ctx.groupId('e2e-raw-latency') });
    let arrivals = new ArrivalLog(ctx.messages);
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await runUntilJoined(consumer, (index, now) => arrivals.record(index, now));

      const started = performance.now();
      await sendInBatches({
        total: ctx.messages,
        message: (i) => ctx.message(i),
        send: (messages) => producer.send({ topic, acks: -1, messages }),
      });
      await arrivals.done;
      const maxRate = messagesPerSecond(ctx.messages, performance.now() - started);
      const rate = maxRate * RATE_FRACTION;
      setPacedRate(rate);
      ctx.log(
        `raw max ${Math.round(maxRate).toLocaleString('en-US')} msgs/s; pacing at ${Math.round(rate).toLocaleString('en-US')}`,
      );

      const paced = new ArrivalLog(ctx.messages);
      const ackedAt = new Float64Array(ctx.messages);
      const sends: Promise<unknown>[] = [];
      arrivals = paced;
      const dueAt = await sendPaced(ctx.messages, rate, (start, end) => {
        const messages = [];
        for (let i = start; i < end; i++) messages.push(ctx.message(i));
        const sent = producer.send({ topic, acks: -1, messages }).then(
          () => ackedAt.fill(performance.now(), start, end),
          (error) => paced.abort(error),
        );
        sends.push(sent);
      });
      await paced.done;
      await Promise.all(sends); // a message can be handled before its send resolved
      return latencyResult(dueAt, paced, rate, ackedAt, {
        raw_max_msgs_per_s: round(maxRate, 1),
      });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  },
};

/** Starts the consumer and resolves once it joined the group, so no send waits for a rebalance. */
async function runUntilJoined(
  consumer: Consumer,
  onMessage: (index: number, now: number) => void,
): Promise<void> {
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      if (message.value) onMessage(message.value.readUInt32BE(0), performance.now());
    },
  });
  await joined;
}
