import { BaseRpcContext } from '@nestjs/microservices';
import type { EventEnvelope } from '@platform/kafka';

export interface KafkaEventContextArgs {
  envelope: EventEnvelope;
  topic: string;
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
  getTopic(): string {
    return this.args[0].topic;
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
