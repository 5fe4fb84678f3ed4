import type { MessageHandler } from '@nestjs/microservices';
import type { EventContext, EventHandler } from '@platform/kafka';
import type { KafkaEventContext } from '@platform/kafka-nest';

/**
 * Serves a framework-free EventHandler through KafkaTransport (registered with addHandler, like an
 * @EventPattern method). The handler's own error is kept on the context so the transport's retry
 * policy sees its class (a NonRetriableError dead-letters at once).
 */
export function toTransportHandler(handler: EventHandler): MessageHandler {
  const transportHandler = async (_data: unknown, ctx: KafkaEventContext): Promise<void> => {
    const context: EventContext = {
      topic: ctx.getReadTopic(),
      sourceTopic: ctx.getTopic(),
      partition: ctx.getPartition(),
      offset: ctx.getOffset(),
      attempt: ctx.getAttempt(),
      headers: {},
      heartbeat: () => ctx.heartbeat(),
    };
    try {
      await handler(ctx.getEnvelope(), context);
    } catch (error) {
      ctx.failure = error;
      throw error;
    }
  };
  return transportHandler as unknown as MessageHandler;
}
