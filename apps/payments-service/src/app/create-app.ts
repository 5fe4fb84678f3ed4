import type { INestApplication, NestApplicationOptions, NestInterceptor } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KafkaTransport } from '@platform/kafka-nest';
import type { ServiceConfig } from '../config';
import { AppModule } from './app.module';

export interface CreateAppOptions extends NestApplicationOptions {
  /**
   * Global interceptors for HTTP routes and @EventPattern handlers alike (tracing, test probes).
   * They are registered here because the transport binds its handlers when it is connected.
   */
  interceptors?: NestInterceptor[];
}

/**
 * The app, wired but not started: main.ts starts it (startAllMicroservices, then listen).
 * Shutdown hooks drain the consumer and flush the producer on SIGTERM.
 */
export async function createApp(
  config: ServiceConfig,
  { interceptors = [], ...options }: CreateAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config), options);
  app.enableShutdownHooks();
  app.useGlobalInterceptors(...interceptors);
  // inheritAppConfig: the handlers get the app's global exception filter, which keeps their
  // errors' classes for the retry policy (NonRetriableError dead-letters at once).
  app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true });
  return app;
}
