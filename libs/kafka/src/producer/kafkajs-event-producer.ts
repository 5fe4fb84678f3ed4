import { hostname } from 'node:os';
import { clientId, validateServiceName } from '@platform/naming';
import { Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { EventEnvelope, NewEvent, NewJsonEvent } from '../envelope';
import type { TopicCatalog, TopicDefinition } from '../topics';
import { Coalescer } from './coalescer';
import {
  type BatchingOptions,
  DEFAULT_LINGER_MS,
  DEFAULT_MAX_BATCH_BYTES,
  DEFAULT_MAX_BATCH_EVENTS,
  type EventProducer,
  type TopicRef,
} from './event-producer';
import { javaCompatiblePartitioner } from './kafkajs-partitioner';
import { type OutgoingRecord, prepareJsonRecord, prepareRecord } from './outgoing-record';
import { ProducerClosedError } from './producer-closed-error';

export interface EventProducerOptions extends BatchingOptions {
  /** The producing service; events carry ce_source `/services/<service>`. */
  service: string;
  /** The topics this producer may send to; anything else is an UnknownTopicError. */
  catalog: TopicCatalog;
  /** Brokers to connect to; the client id is `<service>.<instanceId>` (@platform/naming). */
  brokers?: readonly string[];
  /** Or an existing kafkajs client (its client id, logging and connection settings are kept). */
  kafka?: Kafka;
  /** With `brokers` only: which process this is. Default `<hostname>-<pid>`. */
  instanceId?: string;
  /**
   * kafkajs' idempotent producer (broker-side de-duplication of retried batches). Default false:
   * see the README's "Ordering and retries" for the measurements and the reasons.
   */
  idempotent?: boolean;
  /** How long the broker may take to get acks from all in-sync replicas, in ms. Default 30000. */
  ackTimeoutMs?: number;
}

const ACKS_ALL = -1;
const DEFAULT_ACK_TIMEOUT_MS = 30_000;

/** Creates the house producer on kafkajs. Nothing connects until connect() or the first send. */
export function createEventProducer(options: EventProducerOptions): EventProducer {
  return new KafkajsEventProducer(options);
}

class KafkajsEventProducer implements EventProducer {
  private readonly source: string;
  private readonly catalog: TopicCatalog;
  private readonly createProducer: () => Producer;
  private readonly idempotent: boolean;
  private producer: Producer;
  private readonly coalescer: Coalescer<OutgoingRecord>;
  private readonly ackTimeoutMs: number;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: EventProducerOptions) {
    validateServiceName(options.service);
    if (!options.catalog)
      throw new TypeError(
        'Invalid producer options: expected a topic catalog (catalog), received none.',
      );
    this.source = `/services/${options.service}`;
    this.catalog = options.catalog;
    this.ackTimeoutMs = ackTimeout(options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
    const idempotent = options.idempotent ?? false;
    const kafka = kafkaClient(options);
    this.idempotent = idempotent;
    this.createProducer = () =>
      kafka.producer({
        createPartitioner: javaCompatiblePartitioner,
        // Topics come from the catalog and are created by the topics plan, never by a typo.
        allowAutoTopicCreation: false,
        idempotent,
        // Redundant with the coalescer's single batch in flight; keeps kafkajs from pipelining
        // produce requests should that ever change. (The idempotent producer locks per broker itself.)
        ...(idempotent ? {} : { maxInFlightRequests: 1 }),
      });
    this.producer = this.createProducer();
    this.coalescer = new Coalescer<OutgoingRecord>({
      send: (records) => this.produce(records),
      sizeOf: (record) => record.size,
      lingerMs: options.lingerMs ?? DEFAULT_LINGER_MS,
      maxBatchItems: batchEvents(options.maxBatchEvents ?? DEFAULT_MAX_BATCH_EVENTS),
      maxBatchBytes: options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    });
  }

  connect(): Promise<void> {
    if (this.closing)
      return Promise.reject(
        new Error('Cannot connect: the producer is disconnecting or disconnected.'),
      );
    return this.ensureConnected();
  }

  async send<T>(topic: TopicRef<T>, event: NewEvent<T>): Promise<EventEnvelope<T>> {
    const definition = this.topicFor(topic);
    const { record, envelope } = prepareRecord(definition, event, this.source);
    await this.coalescer.add(record);
    return envelope;
  }

  async sendJson(topic: TopicRef, event: NewJsonEvent): Promise<void> {
    await this.coalescer.add(prepareJsonRecord(this.topicFor(topic), event, this.source));
  }

  async sendMany<T>(
    topic: TopicRef<T>,
    events: readonly NewEvent<T>[],
  ): Promise<EventEnvelope<T>[]> {
    const definition = this.topicFor(topic);
    if (!Array.isArray(events))
      throw new TypeError(
        `Invalid events for topic "${definition.name}": expected an array, received ${typeof events}`,
      );
    // Everything is checked and encoded before the first event is queued: all or nothing.
    const records: OutgoingRecord[] = new Array(events.length);
    const envelopes: EventEnvelope<T>[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const prepared = prepareRecord(definition, events[i], this.source);
      records[i] = prepared.record;
      envelopes[i] = prepared.envelope;
    }
    await this.coalescer.addAll(records);
    return envelopes;
  }

  flush(): Promise<void> {
    return this.coalescer.flush();
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      await this.coalescer.flush();
      // kafkajs' disconnect does not stop a connect in progress: it would open its connections
      // afterwards and keep them (and the process) alive. Its failure is connect()'s to report.
      await this.connecting?.catch(() => undefined);
      await this.producer.disconnect();
    })();
    return this.closing;
  }

  private topicFor<T>(topic: TopicRef<T>): TopicDefinition<T> {
    const name: unknown = typeof topic === 'string' ? topic : topic?.name;
    // Usually an import that is undefined (a circular import): "unknown topic undefined" would
    // send the caller to the catalog instead.
    if (typeof name !== 'string')
      throw new TypeError(
        `Invalid topic, expected a topic name or a TopicDefinition received ${topic === null ? 'null' : typeof topic === 'object' ? 'an object without a name' : typeof topic}`,
      );
    if (this.closing) throw new ProducerClosedError(name);
    // A definition passed directly must still be in the catalog: the catalog is the contract.
    return this.catalog.get(name) as TopicDefinition<T>;
  }

  private ensureConnected(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined; // the next batch tries again
      throw error;
    });
    return this.connecting;
  }

  /** One kafkajs sendBatch per coalesced batch; an idempotent producer is replaced after a failure. */
  private async produce(records: readonly OutgoingRecord[]): Promise<void> {
    await this.ensureConnected();
    try {
      await this.sendBatch(records);
    } catch (error) {
      if (this.idempotent) this.replaceProducer();
      throw error;
    }
  }

  /**
   * After a failed batch kafkajs' idempotent producer may reuse sequence numbers the broker
   * already took (a lost response), and has no epoch bump to recover: the broker would drop the
   * next batch as a duplicate or refuse the partition (see the README's "Ordering and retries").
   * A new producer gets a new producer id. Nothing else is in flight: the coalescer sends one
   * batch at a time, so the next batch connects the new one.
   */
  private replaceProducer(): void {
    const failed = this.producer;
    this.producer = this.createProducer();
    this.connecting = undefined;
    // Nothing else uses it; if it cannot disconnect cleanly, the broker closes the idle connection.
    void failed.disconnect().catch(() => undefined);
  }

  /** One entry per topic, events in queue order. */
  private async sendBatch(records: readonly OutgoingRecord[]): Promise<void> {
    const topic = records[0].topic;
    if (records.every((record) => record.topic === topic)) {
      // The usual batch: one topic. Records are kafkajs messages already (key, value, headers).
      const topicMessages = [{ topic, messages: records.slice() }];
      await this.producer.sendBatch({ acks: ACKS_ALL, timeout: this.ackTimeoutMs, topicMessages });
      return;
    }
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value, headers } of records) {
      let messages = byTopic.get(topic);
      if (!messages) byTopic.set(topic, (messages = []));
      messages.push({ key, value, headers });
    }
    const topicMessages: TopicMessages[] = [];
    for (const [topic, messages] of byTopic) topicMessages.push({ topic, messages });
    await this.producer.sendBatch({ acks: ACKS_ALL, timeout: this.ackTimeoutMs, topicMessages });
  }
}

function kafkaClient(options: EventProducerOptions): Kafka {
  if (options.kafka && options.brokers)
    throw new TypeError('Invalid producer options: pass either brokers or kafka, not both.');
  if (options.kafka) return options.kafka;
  if (!options.brokers?.length)
    throw new TypeError(
      'Invalid producer options: expected brokers (host:port, ...) or a kafkajs Kafka instance, received neither.',
    );
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}`;
  return new Kafka({
    brokers: [...options.brokers],
    clientId: clientId({ service: options.service, instanceId }),
  });
}

/** Checked here so the message names the producer's option, not the coalescer's maxBatchItems. */
function batchEvents(value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`Invalid maxBatchEvents, expected a whole number >= 1 received ${value}`);
  return value;
}

/** The produce request carries it as an INT32: a larger one would fail every send in kafkajs' encoder. */
const MAX_ACK_TIMEOUT_MS = 2 ** 31 - 1;

function ackTimeout(value: number): number {
  if (!Number.isInteger(value) || value <= 0 || value > MAX_ACK_TIMEOUT_MS)
    throw new RangeError(
      `Invalid ackTimeoutMs, expected a whole number of ms > 0 and <= ${MAX_ACK_TIMEOUT_MS} (the produce request's INT32) received ${value}`,
    );
  return value;
}
