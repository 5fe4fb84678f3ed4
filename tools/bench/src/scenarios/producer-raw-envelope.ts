import { createEnvelope, envelopeHeaders } from '@platform/kafka';
import { Partitioners } from 'kafkajs';
import type { Scenario } from '../scenario';
import { messagesPerSecond } from '../stats';
import { sendInBatches } from '../workload';
import { toEvent } from './keyed-producer-workload';

/**
 * producer.raw's workload with the messages producer.keyed puts on the wire (the same ~1 KiB JSON
 * value and the 7 CloudEvents headers), built by hand and sent with stock kafkajs: no validation,
 * no ordering guarantee. Splits producer.keyed's ratio into what the envelope costs in kafkajs
 * (this / producer.raw) and what our producer adds (producer.keyed / this).
 */
export const producerRawEnvelope: Scenario = {
  name: 'producer.raw-envelope',
  description:
    'kafkajs producer: producer.raw with CloudEvents headers and JSON values, hand-built',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  async run(ctx) {
    const topic = await ctx.createTopic('producer-raw-envelope');
    const producer = ctx
      .kafka('producer-raw-envelope')
      .producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const started = performance.now();
      await sendInBatches({
        total: ctx.messages,
        message: (i) => ctx.message(i),
        send: (messages) =>
          producer.send({
            topic,
            acks: -1,
            messages: messages.map((message) => {
              const envelope = createEnvelope(toEvent(message), {
                type: topic,
                source: '/services/bench',
              });
              return {
                key: message.key,
                value: JSON.stringify(envelope.data),
                headers: envelopeHeaders(envelope),
              };
            }),
          }),
      });
      return { value: messagesPerSecond(ctx.messages, performance.now() - started) };
    } finally {
      await producer.disconnect();
    }
  },
};
