import { createEnvelope, envelopeHeaders } from '@platform/kafka';
import type { Scenario } from '../scenario';
import { runRawProducer } from '../workload';
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
  run: (ctx) =>
    runRawProducer(ctx, {
      label: 'producer-raw-envelope',
      encode: (messages, topic) =>
        messages.map((message) => {
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
};
