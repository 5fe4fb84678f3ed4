export { KafkaModule } from './kafka.module';
export { createKafkaApp, type KafkaAppOptions } from './create-kafka-app';
export { KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka-module-options';
export { kafkaConfigFromEnv, toKafkaJsConfig, KafkaConfigError, type KafkaConnectionOptions } from '@platform/kafka';
export { transportOptionsFromEnv } from './config/transport-config';
export {
  serviceConfigFromEnv,
  collectProblems,
  ServiceConfigError,
  type BaseServiceConfig,
  type ConfigReader,
  type ConfigReaders,
  type ConfigReaderContext,
  type ServiceConfigOptions,
} from './config/service-config';
export { EVENT_PRODUCER, KAFKA_ADMIN, KAFKA_CLIENT } from './tokens';
export { KafkaTransport, KAFKA_TRANSPORT_ID } from './transport/kafka-transport';
export { KafkaEventContext } from './transport/kafka-event-context';
export type { KafkaTransportOptions } from './transport/kafka-transport-options';
export { missingTopicsMessage } from './transport/missing-topics-message';
export { portInUseMessage } from './port-in-use-message';
export { KafkaHealthIndicator } from './health/kafka-health.indicator';
export { HealthChecks } from './health/health-checks';
export { ObservabilityModule } from './observability/observability.module';
export { METRICS_REGISTRY } from './metrics/metrics-registry';
