import { Inject, Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import { consumerLag } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { KAFKA_ADMIN } from '../tokens';
import { KafkaTransport } from '../transport/kafka-transport';
import { withTimeout } from '../health/with-timeout';
import { METRICS_REGISTRY } from './metrics-registry';

/** Well within Prometheus's default scrape timeout (10 s). */
const LAG_TIMEOUT_MS = 3000;
const log = new Logger('ConsumerLagMetric');

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `kafka_consumer_lag{group,topic,partition}`: messages the service's group has not committed,
 * read from the broker at scrape time, so every instance reports the group's true lag.
 */
@Injectable()
export class ConsumerLagMetric implements OnModuleDestroy {
  private readonly gauge: Gauge<'group' | 'topic' | 'partition'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(KAFKA_ADMIN) admin: Admin,
    @Optional() transport?: KafkaTransport,
  ) {
    this.gauge = new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages not yet committed by the consumer group, per topic-partition.',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
      async collect() {
        this.reset();
        if (!transport) return;
        // A failed collect fails the whole scrape: while the broker is down (when metrics matter
        // most) /metrics would answer 500, or not within the scrape timeout. Lag is left out instead.
        const lags = await withTimeout(
          consumerLag(admin, transport.groupId, transport.subscribedTopics()),
          LAG_TIMEOUT_MS,
        ).catch((error: unknown) => {
          log.warn(`kafka_consumer_lag left out of this scrape: ${describe(error)}`);
          return [];
        });
        for (const lag of lags) {
          this.set({ group: transport.groupId, topic: lag.topic, partition: String(lag.partition) }, Number(lag.lag));
        }
      },
    });
  }

  onModuleDestroy(): void {
    this.gauge.reset();
  }
}
