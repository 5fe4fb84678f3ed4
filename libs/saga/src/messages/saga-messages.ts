import { z } from 'zod';

/**
 * Saga messages carry their routing in the data (not in headers), so they look the same through
 * the outbox, the consumer and a Nest @Payload, and the topic schema checks them.
 */
const routing = {
  sagaId: z.string().min(1),
  sagaType: z.string().min(1),
  /** Index of the step the command belongs to. */
  step: z.number().int().min(0),
  /** The saga's request counter when the command left: a reply must echo it or it is stale. */
  attempt: z.number().int().min(1),
};

export const SagaCommandMessageSchema = z.object({
  ...routing,
  /** The command's type; the participant dispatches on it. */
  command: z.string().min(1),
  /** True for a compensation (informational: the participant handles it like any command). */
  compensation: z.boolean(),
  /** Where the participant replies. */
  replyTopic: z.string().min(1),
  payload: z.unknown(),
});

export const SagaReplyMessageSchema = z.discriminatedUnion('outcome', [
  z.object({ ...routing, outcome: z.literal('success'), payload: z.unknown() }),
  z.object({ ...routing, outcome: z.literal('failure'), reason: z.string().min(1), details: z.unknown().optional() }),
]);

export type SagaCommandMessage<P = unknown> = Omit<z.infer<typeof SagaCommandMessageSchema>, 'payload'> & { payload: P };
export type SagaReplyMessage = z.infer<typeof SagaReplyMessageSchema>;
/** Reply routing: what identifies the command a reply answers. */
export type SagaRouting = Pick<SagaCommandMessage, 'sagaId' | 'sagaType' | 'step' | 'attempt'>;
