export {
  kafkaConfigFromEnv,
  toKafkaJsConfig,
  KafkaConfigError,
  type KafkaConnectionOptions,
} from './kafka-config';
