import { createEnvelope, envelopeHeaders } from '@platform/kafka';
import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { z } from 'zod';
import { startCpuClock } from '../cpu-clock';
import type { RunResult, ScenarioContext } from '../scenario';
import { messagesPerSecond } from '../stats';
import { sendInBatches } from '../workload';

/** The event both Nest scenarios handle: a CloudEvent with a ~1 KiB JSON payload. */
export const BenchEvent = z.object({ i: z.number().int(), pad: z.string() });

const PAD = randomBytes(500).toString('hex').slice(0, 1000);

/**
 * Fills a topic with binary-mode CloudEvents (JSON values), which both the stock Nest transport
 * (it parses the JSON value and ignores the headers) and ours (it needs the ce_ headers) accept.
 */
export async function fillWithEvents(ctx: ScenarioContext, producer: Producer, topic: string): Promise<void> {
  await sendInBatches({
    total: ctx.messages,
    batchSize: 1000,
    message: (i) => {
      const key = `key-${i % 1024}`;
      const envelope = createEnvelope({ key, data: { i, pad: PAD } }, { type: topic, source: '/services/bench' });
      return { key, value: Buffer.from(JSON.stringify(envelope.data)), headers: envelopeHeaders(envelope) };
    },
    send: (messages) => producer.send({ topic, acks: -1, messages }),
  });
}

/**
 * Counts handled events and times the steady state: from the first handled event to the last.
 * Start-up (connecting, joining the group, checking topics) differs between transports and is a
 * one-off cost a long-running service never pays again, so it stays out of the clock.
 */
export class HandledClock {
  private count = 0;
  private first: number | undefined;
  private cpu: ((messages: number) => number) | undefined;

  handled(): void {
    this.cpu ??= startCpuClock();
    this.first ??= performance.now();
    this.count++;
  }

  /**
   * The run's result: messages per second between the first and the ctx.messages-th handled
   * event, and this process's CPU per message over the same span (details.client_cpu_us_per_msg).
   */
  async result(ctx: ScenarioContext, timeoutMs?: number): Promise<RunResult> {
    const elapsedMs = await this.untilAll(ctx, timeoutMs);
    const cpu = (this.cpu ?? startCpuClock())(ctx.messages);
    return { value: messagesPerSecond(ctx.messages, elapsedMs), details: { client_cpu_us_per_msg: cpu } };
  }

  /** Resolves with the ms between the first and the ctx.messages-th handled event. */
  private untilAll(ctx: ScenarioContext, timeoutMs = 180_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = (): void => {
        if (this.count >= ctx.messages) return resolve(performance.now() - (this.first ?? performance.now()));
        if (Date.now() > deadline) return reject(new Error(`handled ${this.count} of ${ctx.messages} in ${timeoutMs} ms`));
        setTimeout(check, 2);
      };
      check();
    });
  }
}
