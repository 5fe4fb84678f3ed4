import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { errorMessage } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { KAFKA_ADMIN } from '../tokens';
import { KafkaTransport } from '../transport/kafka-transport';
import { withTimeout } from './with-timeout';

const BROKER_TIMEOUT_MS = 3000;

/**
 * Healthy when a broker answers a metadata request and, if this app consumes, its consumer is a
 * member of its group. An app that only produces has the transport but no handler, so no
 * consumer and no group: it is not held to membership (it would never be healthy). Used by
 * /health (terminus) for liveness/readiness probes.
 */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Optional() private readonly transport?: KafkaTransport,
  ) {}

  async isHealthy(key = 'kafka') {
    const indicator = this.health.check(key);
    try {
      const cluster = await withTimeout(this.admin.describeCluster(), BROKER_TIMEOUT_MS);
      const consumer = this.consumer();
      const details = { brokers: cluster.brokers.length, ...(consumer && { group: consumer.groupId, member: consumer.isMember() }) };
      if (consumer && !consumer.isMember()) return indicator.down({ ...details, message: 'consumer is not a member of its group' });
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ message: `broker unreachable: ${errorMessage(error)}` });
    }
  }

  /** The transport, when it reads topics (it has handlers). */
  private consumer(): KafkaTransport | undefined {
    return this.transport && this.transport.subscribedTopics().length > 0 ? this.transport : undefined;
  }
}
