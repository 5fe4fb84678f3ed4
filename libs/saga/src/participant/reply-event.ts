import type { EventEnvelope } from '@platform/kafka';
import type { OutboxEvent } from '@platform/outbox';
import type { SagaOutcome } from '../definition/outcome';
import type { SagaCommandMessage, SagaReplyMessage } from '../messages/saga-messages';

/** The reply to `command` as an outbox row: on the saga's reply topic, keyed by saga id, caused by the command. */
export function replyEvent(command: SagaCommandMessage, event: EventEnvelope, outcome: SagaOutcome): OutboxEvent<SagaReplyMessage> {
  const routing = { sagaId: command.sagaId, sagaType: command.sagaType, step: command.step, attempt: command.attempt };
  const reply: SagaReplyMessage =
    outcome.outcome === 'success'
      ? { ...routing, outcome: 'success', payload: outcome.payload ?? null }
      : { ...routing, outcome: 'failure', reason: outcome.reason, ...(outcome.details === undefined ? {} : { details: outcome.details }) };
  return { topic: command.replyTopic, aggregateId: command.sagaId, payload: reply, correlationId: event.correlationId, causationId: event.id };
}
