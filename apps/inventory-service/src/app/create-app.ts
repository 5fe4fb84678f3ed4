import type { INestApplication } from '@nestjs/common';
import { createKafkaApp, type KafkaAppOptions } from '@platform/kafka-nest';
import type { ServiceConfig } from '../config';
import { AppModule } from './app.module';

/**
 * The app, wired but not started: main.ts starts it (listen, then startAllMicroservices). Options:
 * Nest's, plus global `interceptors` (see createKafkaApp).
 */
export function createApp(
  config: ServiceConfig,
  options?: KafkaAppOptions,
): Promise<INestApplication> {
  return createKafkaApp(AppModule.register(config), options);
}
