export { NamingError, type NamingRule, type NamingErrorOptions } from './errors';
export {
  MAX_TOPIC_NAME_LENGTH,
  MAX_SEGMENT_LENGTH,
  MAX_SERVICE_NAME_LENGTH,
  MAX_RETRY_ATTEMPT,
  MAX_INSTANCE_ID_LENGTH,
} from './limits';
export {
  validateTopicName,
  isValidTopicName,
  checkTopicName,
  topicName,
  parseTopicName,
  type TopicNameParts,
  type TopicNameCheck,
} from './topic-name';
export { commandTopic, replyTopic, validateSagaTopicName, type EntityRef } from './saga-topics';
export { validateServiceName, consumerGroupId } from './service-name';
export { clientId, type ClientIdParts } from './client-id';
export {
  retryTopic,
  deadLetterTopic,
  parseDerivedTopic,
  type RetryTopicOptions,
  type DeadLetterTopicOptions,
  type DerivedTopic,
} from './derived-topics';
