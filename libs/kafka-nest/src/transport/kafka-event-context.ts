import { BaseRpcContext } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/kafka';

export interface KafkaEventContextArgs {
  envelope: EventEnvelope;
  /** The catalog topic the event was published to (the @EventPattern's). */
  topic: string;
  /** The topic this delivery was read from: `topic` or one of its retry topics. Default `topic`. */
  readTopic?: string;
  /** Partition and offset in `readTopic`. */
  partition: number;
  offset: string;
  /** 1 for the first delivery; grows with in-place retries and retry topics. */
  attempt: number;
  heartbeat: () => Promise<void>;
}

/**
 * What an @EventPattern handler may ask about the event it handles (`@Ctx() ctx: KafkaEventContext`).
 * One getter per field, like Nest's own KafkaContext.
 */
export class KafkaEventContext extends BaseRpcContext<[KafkaEventContextArgs]> {
  /** The error the handler threw, kept by ErrorCaptureFilter for the transport's retry policy. */
  failure?: unknown;

  constructor(args: KafkaEventContextArgs) {
    super([args]);
  }

  getEnvelope(): EventEnvelope {
    return this.args[0].envelope;
  }
  /** The catalog topic the event was published to, also when it is a retry's delivery. */
  getTopic(): string {
    return this.args[0].topic;
  }
  /** Where this delivery was read from: getTopic() or a retry topic. getPartition and getOffset are in it. */
  getReadTopic(): string {
    return this.args[0].readTopic ?? this.args[0].topic;
  }
  getPartition(): number {
    return this.args[0].partition;
  }
  getOffset(): string {
    return this.args[0].offset;
  }
  getKey(): string {
    return this.args[0].envelope.key;
  }
  getEventId(): string {
    return this.args[0].envelope.id;
  }
  getCorrelationId(): string {
    return this.args[0].envelope.correlationId;
  }
  getAttempt(): number {
    return this.args[0].attempt;
  }
  /** Call during long work so the group does not consider this consumer dead. */
  heartbeat(): Promise<void> {
    return this.args[0].heartbeat();
  }
}
