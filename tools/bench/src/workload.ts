import {
  type Consumer,
  type KafkaMessage,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import { startCpuClock } from './cpu-clock';
import type { BenchMessage, RunResult, ScenarioContext } from './scenario';
import { messagesPerSecond } from './stats';

/** The producer workload every producer scenario shares, so their ratios compare like with like. */
export const SEND_BATCH_SIZE = 100;
/**
 * `send` calls awaiting their acks at once. One at a time would measure the round trip, not the
 * client; a few in flight keep the broker busy the way a service with concurrent requests does.
 */
export const SENDS_IN_FLIGHT = 4;

export interface SendInBatchesOptions {
  total: number;
  message: (index: number) => BenchMessage;
  send: (messages: BenchMessage[]) => Promise<unknown>;
  batchSize?: number;
  inFlight?: number;
}

/**
 * Sends messages 0..total-1 in batches of `batchSize`, batches started in order, at most
 * `inFlight` of them unacknowledged at any time. Rejects with the first failed send.
 */
export async function sendInBatches({
  total,
  message,
  send,
  batchSize = SEND_BATCH_SIZE,
  inFlight = SENDS_IN_FLIGHT,
}: SendInBatchesOptions): Promise<void> {
  for (const [name, value] of [
    ['batchSize', batchSize],
    ['inFlight', inFlight],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`Invalid ${name}, expected a positive integer received ${value}`);
  }
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (next < total && !failed) {
      const start = next;
      next = Math.min(total, start + batchSize);
      const batch: BenchMessage[] = [];
      for (let i = start; i < next; i++) batch.push(message(i));
      try {
        await send(batch);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

/** How a timed run sends: the `send` call and, unless producer.raw's, its batch size and window. */
export type TimedSends = Pick<SendInBatchesOptions, 'send' | 'batchSize' | 'inFlight'>;

/**
 * The producer scenarios' clock: sends ctx.messages bench messages with `sendInBatches`, timed
 * from the first send to the last ack, and returns messages per second.
 */
export async function timeSendInBatches(
  ctx: ScenarioContext,
  sends: TimedSends,
): Promise<RunResult> {
  const cpu = startCpuClock();
  const started = performance.now();
  await sendInBatches({ total: ctx.messages, message: (i) => ctx.message(i), ...sends });
  const value = messagesPerSecond(ctx.messages, performance.now() - started);
  return { value, details: { client_cpu_us_per_msg: cpu(ctx.messages) } };
}

export interface RawProducerRun extends Omit<TimedSends, 'send'> {
  /** Names the topic and the kafkajs client. */
  label: string;
  /** What goes on the wire for a batch, when not the bench messages as they are. Timed. */
  encode?: (messages: BenchMessage[], topic: string) => Message[];
}

/**
 * The raw producer baselines' run: a fresh topic, a stock kafkajs producer (DefaultPartitioner,
 * not idempotent, no compression) sending with acks=all, timed by `timeSendInBatches`. Topic
 * creation and connect are not timed.
 */
export async function runRawProducer(
  ctx: ScenarioContext,
  { label, encode, ...window }: RawProducerRun,
): Promise<RunResult> {
  const topic = await ctx.createTopic(label);
  const producer = ctx
    .kafka(label)
    .producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    return await timeSendInBatches(ctx, {
      send: (messages) =>
        producer.send({ topic, acks: -1, messages: encode ? encode(messages, topic) : messages }),
      ...window,
    });
  } finally {
    await producer.disconnect();
  }
}

/** A raw consumer run that has not seen every message by then is broken, not slow. */
export const RAW_CONSUME_TIMEOUT_MS = 120_000;

/**
 * The raw consumer baselines' run on a pre-filled topic: a stock kafkajs consumer (client id and a
 * fresh group from `label`) reads it from the beginning with `eachBatch`, autoCommit on (kafkajs
 * then commits after every batch). Clock: group joined → the Nth message handed to `eachBatch`;
 * the commit that follows is not waited for.
 */
export async function runRawConsumer(
  ctx: ScenarioContext,
  topic: string,
  label: string,
  /** Called for every message inside eachBatch (consumer.raw-decode decodes it); nothing by default. */
  read?: (message: KafkaMessage) => void,
): Promise<RunResult> {
  const consumer = ctx.kafka(label).consumer({ groupId: ctx.groupId(label) });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const { elapsedMs, cpuUsPerMessage } = await consumeAll(ctx, consumer, read);
    return {
      value: messagesPerSecond(ctx.messages, elapsedMs),
      details: { client_cpu_us_per_msg: cpuUsPerMessage },
    };
  } finally {
    await consumer.disconnect();
  }
}

function consumeAll(
  ctx: ScenarioContext,
  consumer: Consumer,
  read: ((message: KafkaMessage) => void) | undefined,
): Promise<{ elapsedMs: number; cpuUsPerMessage: number }> {
  return new Promise((resolve, reject) => {
    let started: number | undefined;
    let cpu: ((messages: number) => number) | undefined;
    let seen = 0;
    const timer = setTimeout(
      () =>
        reject(
          new Error(`saw ${seen} of ${ctx.messages} messages in ${RAW_CONSUME_TIMEOUT_MS} ms`),
        ),
      RAW_CONSUME_TIMEOUT_MS,
    );
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      outcome();
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      cpu ??= startCpuClock();
      started ??= performance.now();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => settle(() => reject(payload.error)));
    consumer
      .run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          if (read) for (const message of batch.messages) read(message);
          seen += batch.messages.length;
          if (seen >= ctx.messages) {
            const stopped = performance.now();
            const cpuUsPerMessage = (cpu ?? startCpuClock())(ctx.messages);
            settle(() => resolve({ elapsedMs: stopped - (started ?? stopped), cpuUsPerMessage }));
          }
        },
      })
      .catch((error: unknown) => settle(() => reject(error)));
  });
}

/** Fills a topic with ctx.messages benchmark messages (acks=all); for consumer scenarios, never timed. */
export async function fillTopic(
  ctx: ScenarioContext,
  producer: Producer,
  topic: string,
): Promise<void> {
  await sendInBatches({
    total: ctx.messages,
    message: (i) => ctx.message(i),
    send: (messages) => producer.send({ topic, acks: -1, messages }),
    batchSize: 1000,
  });
}
