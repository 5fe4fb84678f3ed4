import { Logger } from '@nestjs/common';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { KafkaTransport } from '@platform/kafka-nest';
import { type AnyCommandType, type CommandBatchHandler, type CommandHandler, type SagaLogger, type SagaOrchestrator, SagaParticipant } from '@platform/saga';
import { toTransportHandler } from './kafka-handler';
import { SAGA_COMMAND_BATCH_HANDLER } from './participant/saga-command-batch-handler.decorator';
import { SAGA_COMMAND_HANDLER } from './participant/saga-command-handler.decorator';
import type { SagaModuleOptions } from './saga-module-options';

const log = new Logger('SagaModule');

/**
 * Registers the reply topics and every @SagaCommandHandler / @SagaCommandBatchHandler method with KafkaTransport. It runs
 * while Nest creates the providers, i.e. before any transport listens: in a hybrid app
 * (connectMicroservice, startAllMicroservices, then listen) the init hooks come too late.
 * Handlers are found on the providers' classes and call the instance when a command arrives.
 * Returns the participant that serves them, for SagaModule to stop at shutdown.
 */
export function wireSagaHandlers(options: {
  moduleOptions: SagaModuleOptions;
  orchestrator: SagaOrchestrator;
  discovery: DiscoveryService;
  scanner: MetadataScanner;
  transport?: KafkaTransport;
  logger: SagaLogger;
}): SagaParticipant {
  const { moduleOptions, orchestrator, discovery, scanner, transport, logger } = options;
  const { service, db, outbox, groupCommit } = moduleOptions;
  const participant = new SagaParticipant({ service, db, outbox, groupCommit, logger });
  for (const wrapper of discovery.getProviders()) {
    const prototype = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
    if (!prototype || wrapper.inject) continue; // factories and values have no decorated class
    for (const name of scanner.getAllMethodNames(prototype)) {
      const method = (prototype as Record<string, unknown>)[name];
      if (typeof method !== 'function') continue;
      const instance = () => wrapper.instance as Record<string, (...args: unknown[]) => ReturnType<CommandHandler<unknown, unknown>>>;
      const command = Reflect.getMetadata(SAGA_COMMAND_HANDLER, method) as AnyCommandType | undefined;
      if (command) participant.handle(command, (payload, context) => instance()[name](payload, context));
      const batchCommand = Reflect.getMetadata(SAGA_COMMAND_BATCH_HANDLER, method) as AnyCommandType | undefined;
      if (batchCommand) {
        const handler: CommandBatchHandler<unknown, unknown> = (commands, context) =>
          (wrapper.instance as Record<string, CommandBatchHandler<unknown, unknown>>)[name](commands, context);
        participant.handleBatch(batchCommand, handler);
      }
    }
  }
  const subscriptions = [...orchestrator.subscriptions(), ...participant.subscriptions()];
  if (subscriptions.length === 0) return participant;
  if (!transport) {
    log.warn(`No KafkaTransport (import KafkaModule): ${subscriptions.map((s) => s.topic).join(', ')} will not be consumed`);
    return participant;
  }
  for (const { topic, handler } of subscriptions) transport.addHandler(topic, toTransportHandler(handler as never), true);
  return participant;
}
