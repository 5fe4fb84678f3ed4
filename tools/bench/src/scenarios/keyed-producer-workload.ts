import {
  createEventProducer,
  defineCatalog,
  type EventProducer,
  type NewEvent,
  type TopicDefinition,
} from '@platform/kafka';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BENCH_PARTITIONS } from '../context';
import type { BenchMessage, RunResult, ScenarioContext } from '../scenario';
import { type TimedSends, timeSendInBatches } from '../workload';

/** Concurrent callers of the single-send scenarios, each awaiting one `send` per event. */
export const SINGLE_SEND_CALLERS = 64;

/** A ~1 KiB JSON payload, so our events weigh what producer.raw's 1 KiB values do. */
export const KeyedBenchEvent = z.object({ i: z.number().int(), pad: z.string() });
export type KeyedBenchEvent = z.infer<typeof KeyedBenchEvent>;

const PAD = randomBytes(500).toString('hex');

/** The event for a bench message: same key, its index (the value's first 4 bytes) and the pad. */
export function toEvent(message: BenchMessage): NewEvent<KeyedBenchEvent> {
  return { key: message.key, data: { i: message.value.readUInt32BE(0), pad: PAD } };
}

/**
 * Our producer for one bench topic. Bench topic names (`bench.<label>-<hex>`) do not follow the
 * naming rules defineTopic enforces, so the definition is written out; the catalog check, schema
 * validation and envelope still run for every event.
 */
export function keyedProducer(
  ctx: ScenarioContext,
  topic: string,
  options: KeyedRunOptions,
): EventProducer {
  const definition: TopicDefinition<KeyedBenchEvent> = {
    name: topic,
    role: 'events',
    partitions: BENCH_PARTITIONS,
    cleanupPolicy: 'delete',
    key: 'bench key',
    schema: KeyedBenchEvent,
  };
  return createEventProducer({
    service: 'bench',
    catalog: defineCatalog({ service: 'bench', topics: [definition] }),
    kafka: ctx.kafka(options.label),
    idempotent: options.idempotent ?? false,
    lingerMs: options.lingerMs,
  });
}

export interface KeyedRunOptions {
  label: string;
  idempotent?: boolean;
  lingerMs?: number;
}

/** producer.raw's workload through our `sendMany`: batches of 100, 4 calls in flight. */
export function runKeyedBatches(
  ctx: ScenarioContext,
  options: KeyedRunOptions,
): Promise<RunResult> {
  return runKeyed(ctx, options, (producer, topic) => ({
    send: (messages) => producer.sendMany(topic, messages.map(toEvent)),
  }));
}

/** producer.raw-single's workload through our `send`: 64 callers, one event each per call. */
export function runKeyedSingles(
  ctx: ScenarioContext,
  options: KeyedRunOptions,
): Promise<RunResult> {
  return runKeyed(ctx, options, (producer, topic) => ({
    send: ([message]) => producer.send(topic, toEvent(message)),
    batchSize: 1,
    inFlight: SINGLE_SEND_CALLERS,
  }));
}

/** A fresh topic and our producer for it, connected outside the clock, timed by timeSendInBatches. */
async function runKeyed(
  ctx: ScenarioContext,
  options: KeyedRunOptions,
  sends: (producer: EventProducer, topic: string) => TimedSends,
): Promise<RunResult> {
  const topic = await ctx.createTopic(options.label);
  const producer = keyedProducer(ctx, topic, options);
  await producer.connect();
  try {
    return await timeSendInBatches(ctx, sends(producer, topic));
  } finally {
    await producer.disconnect();
  }
}
