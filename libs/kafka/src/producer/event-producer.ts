import type { EventEnvelope, NewEvent, NewJsonEvent } from '../envelope';
import type { TopicDefinition } from '../topics';

/** A topic by name, or its definition (which also types the payload). */
export type TopicRef<T = unknown> = string | TopicDefinition<T>;

/**
 * The house producer, independent of the Kafka client underneath (createEventProducer wires
 * kafkajs; a fork can implement this on another client). Every event is keyed, validated against
 * its topic's schema (sendJson's when they were recorded) and wrapped in a CloudEvents binary-mode
 * envelope; acks=all; events with one key keep their order, retries included.
 */
export interface EventProducer {
  /** Connects now, to fail fast at start-up; send() connects lazily otherwise. */
  connect(): Promise<void>;
  /**
   * Sends one event. Concurrent calls share batches (see lingerMs); the promise resolves with the
   * event's envelope once ITS batch is acknowledged, and rejects with the broker error if that
   * batch failed, with QueuedBehindFailureError (nothing sent) if it was queued behind a batch
   * that failed, or before anything is sent with UnknownTopicError, MissingKeyError,
   * SchemaValidationError, ProducerClosedError, or a TypeError/RangeError naming an input of the
   * wrong kind (the topic, the key, an envelope attribute, the time).
   */
  send<T>(topic: TopicRef<T>, event: NewEvent<T>): Promise<EventEnvelope<T>>;
  /**
   * Sends events to one topic without lingering, in order. The whole list is checked first: one
   * bad event rejects the call and none of them is sent. Batches are bounded by
   * maxBatchEvents/maxBatchBytes, so a long list may take several requests; the promise rejects
   * if any of them failed (those before it may have been written; none after it is sent).
   */
  sendMany<T>(topic: TopicRef<T>, events: readonly NewEvent<T>[]): Promise<EventEnvelope<T>[]>;
  /**
   * Like send, for data that is already JSON and was validated when it was recorded: the topic
   * and the key are checked, the schema is not, and the text goes out as it is (no parse, no
   * re-encoding). For relays of stored events, like the outbox's; services call send.
   */
  sendJson(topic: TopicRef, event: NewJsonEvent): Promise<void>;
  /** Sends what is queued without lingering and waits until every pending send settled. Never rejects. */
  flush(): Promise<void>;
  /** Rejects new sends, flushes, then disconnects. Safe to call twice. */
  disconnect(): Promise<void>;
}

/** Batching bounds, named after and defaulting like the Java client's where one exists. */
export interface BatchingOptions {
  /**
   * How long a batch waits for more events before it is due, in ms (Java's linger.ms). Only
   * matters while the producer is idle: while a batch is in flight the next one fills until the
   * acknowledgement anyway. 0 = at the end of the current event-loop turn. Default 0.
   */
  lingerMs?: number;
  /** Most events per produce request. Default 1000. */
  maxBatchEvents?: number;
  /** Most bytes per produce request, roughly (Java's max.request.size). Default 1 MiB. */
  maxBatchBytes?: number;
}

export const DEFAULT_LINGER_MS = 0;
export const DEFAULT_MAX_BATCH_EVENTS = 1000;
export const DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
