import { createEnvelope, envelopeHeaders } from '@platform/kafka';
import type { Scenario } from '../scenario';
import { runRawProducer } from '../workload';
import { toEvent } from './keyed-producer-workload';

/**
 * producer.raw's 1 KiB values carrying the 7 CloudEvents headers producer.keyed sends, built once
 * and reused (same names, same sizes): only what kafkajs must do to put such records on the wire,
 * no envelope, id, time or JSON per event. Every producer of these records pays at least this in
 * kafkajs, which makes it the floor of producer.keyed, producer.keyed-single and outbox.relay
 * (producer.raw-envelope builds each envelope the plain way, and our producer does that cheaper).
 */
export const producerRawHeaders: Scenario = {
  name: 'producer.raw-headers',
  description:
    'kafkajs producer: producer.raw with the same 7 CloudEvents headers on every record, built once',
  metric: 'msgs_per_s',
  baseline: 'producer.raw',
  run: (ctx) => {
    let headers: Record<string, string> | undefined;
    return runRawProducer(ctx, {
      label: 'producer-raw-headers',
      encode: (messages, topic) => {
        headers ??= envelopeHeaders(
          createEnvelope(toEvent(messages[0]), { type: topic, source: '/services/bench' }),
        );
        return messages.map((message) => ({ key: message.key, value: message.value, headers }));
      },
    });
  },
};
