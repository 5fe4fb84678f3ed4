import { defineTopic, type TopicDefinition, type TopicOptions } from '@platform/kafka';
import { type SagaCommandMessage, SagaCommandMessageSchema, type SagaReplyMessage, SagaReplyMessageSchema } from './saga-messages';

type SagaTopicOptions = Omit<TopicOptions<unknown>, 'role' | 'schema' | 'key'> & { key?: string };

/** A participant's `<domain>.<entity>.commands` topic for its catalog, with the saga command schema. */
export function sagaCommandTopic(options: SagaTopicOptions): TopicDefinition<SagaCommandMessage> {
  return defineTopic<SagaCommandMessage>({
    key: 'the id the command is about (default the saga id)',
    ...options,
    role: 'commands',
    schema: SagaCommandMessageSchema as TopicDefinition<SagaCommandMessage>['schema'],
  });
}

/** A saga's `<domain>.<entity>.replies` topic for its catalog, keyed by saga id so one saga's replies stay in order. */
export function sagaReplyTopic(options: SagaTopicOptions): TopicDefinition<SagaReplyMessage> {
  return defineTopic<SagaReplyMessage>({ key: 'saga id', ...options, role: 'replies', schema: SagaReplyMessageSchema });
}
