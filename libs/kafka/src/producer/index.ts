export {
  type EventProducer,
  type TopicRef,
  type BatchingOptions,
  DEFAULT_LINGER_MS,
  DEFAULT_MAX_BATCH_EVENTS,
  DEFAULT_MAX_BATCH_BYTES,
} from './event-producer';
export { createEventProducer, type EventProducerOptions } from './kafkajs-event-producer';
export { ProducerClosedError } from './producer-closed-error';
export { QueuedBehindFailureError } from './not-sent-error';
export { murmur2, toPositive } from './murmur2';
export { partitionForKey } from './partitioner';
export { javaCompatiblePartitioner } from './kafkajs-partitioner';
export { Coalescer, type CoalescerOptions, type CoalescerStats } from './coalescer';
export { encodeJson } from './outgoing-record';
