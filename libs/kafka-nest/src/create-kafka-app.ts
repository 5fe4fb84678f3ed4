import type {
  DynamicModule,
  INestApplication,
  NestApplicationOptions,
  NestInterceptor,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KafkaTransport } from './transport/kafka-transport';

export interface KafkaAppOptions extends NestApplicationOptions {
  /**
   * Global interceptors for HTTP routes and @EventPattern handlers alike (tracing, test probes).
   * They are registered here because the transport binds its handlers when it is connected.
   */
  interceptors?: NestInterceptor[];
}

/**
 * A service's app on a module that imports KafkaModule, wired but not started: the caller starts
 * it as a service's main.ts does, listen first, then startAllMicroservices. listen() initialises
 * the app (onModuleInit, onApplicationBootstrap) before the consumer hands over its first message,
 * and a port it cannot take fails the start before the consumer joins its group. Shutdown hooks
 * drain the consumer and flush the producer on SIGTERM.
 */
export async function createKafkaApp(
  module: Type | DynamicModule,
  { interceptors = [], ...options }: KafkaAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(module, options);
  app.enableShutdownHooks();
  app.useGlobalInterceptors(...interceptors);
  // inheritAppConfig: the handlers get the app's global exception filter, which keeps their
  // errors' classes for the retry policy (NonRetriableError dead-letters at once).
  app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true });
  return app;
}
