import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { consumerLag } from '@platform/kafka';
import type { Admin } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { KAFKA_ADMIN } from '../tokens';
import { KafkaTransport } from '../transport/kafka-transport';
import { METRICS_REGISTRY } from './metrics-registry';

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
        const lags = await consumerLag(admin, transport.groupId, transport.subscribedTopics());
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
