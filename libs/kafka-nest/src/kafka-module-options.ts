import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { BatchingOptions, KafkaConnectionOptions, TopicCatalog } from '@platform/kafka';
import type { KafkaTransportOptions } from './transport/kafka-transport-options';

export interface KafkaModuleOptions {
  /** Brokers, client id, TLS/SASL: usually kafkaConfigFromEnv('<service>'). */
  connection: KafkaConnectionOptions;
  /** Topics the service may produce to and consume from (its own catalog plus those it reads). */
  catalog: TopicCatalog;
  producer?: BatchingOptions & { idempotent?: boolean };
  /** Manual-commit, retry and dead-letter settings for @EventPattern handlers. */
  consumer?: KafkaTransportOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableKafkaModule,
  MODULE_OPTIONS_TOKEN: KAFKA_MODULE_OPTIONS,
  OPTIONS_TYPE: KAFKA_MODULE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: KAFKA_MODULE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<KafkaModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
