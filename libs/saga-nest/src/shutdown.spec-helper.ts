import { Global, Module } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { defineCatalog } from '@platform/kafka';
import { KafkaEventContext, KafkaTransport } from '@platform/kafka-nest';
import { defineCommand, sagaCommandTopic, sagaReplyTopic } from '@platform/saga';
import { uniqueName } from '@platform/testing';

// What the SagaModule shutdown specs share: a stand-in transport that keeps the handlers
// SagaModule registers so a test delivers commands itself, and a gate that holds a command
// handler inside its transaction until the test lets it go.

const handlers = new Map<string, MessageHandler>();

/**
 * A spec's own saga topics (named `<label><random>inv.stock.commands` and `…ord.order.replies`,
 * one partition each), the catalog of `<prefix><serviceName>` holding them, and the reserve-stock
 * command the specs' handlers take.
 */
export function stockSagaTopics(label: string, serviceName: string) {
  const prefix = uniqueName(label).replace(/-/g, '');
  const service = `${prefix}${serviceName}`;
  const commandsTopic = `${prefix}inv.stock.commands`;
  const repliesTopic = `${prefix}ord.order.replies`;
  const catalog = defineCatalog({
    service,
    topics: [
      sagaCommandTopic({ name: commandsTopic, partitions: 1 }),
      sagaReplyTopic({ name: repliesTopic, partitions: 1 }),
    ],
  });
  const reserve = defineCommand<{ sku: string }, { reservationId: string }>({
    topic: commandsTopic,
    type: 'reserve-stock',
  });
  return { service, commandsTopic, repliesTopic, catalog, reserve };
}

/** Stands in for KafkaModule's transport: keeps the handlers SagaModule registers. */
@Global()
@Module({
  providers: [
    {
      provide: KafkaTransport,
      useValue: {
        addHandler: (topic: string, handler: MessageHandler) => handlers.set(topic, handler),
      },
    },
  ],
  exports: [KafkaTransport],
})
export class FakeKafkaModule {}

/** Holds a handler until released; `entered` resolves once the handler reached the gate. */
export class Gate {
  release!: () => void;
  private enter!: () => void;
  readonly entered = new Promise<void>((resolve) => (this.enter = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  async pass(): Promise<void> {
    this.enter();
    await this.opened;
  }
}

let sequence = 0;

/** Hands a reserve-stock command for a new saga to the handler SagaModule registered on `topic`. */
export function deliverCommand(topic: string, replyTopic: string): Promise<void> {
  const id = `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;
  const command = {
    sagaId: `s-${sequence}`,
    sagaType: 'place-order',
    step: 1,
    attempt: 1,
    compensation: false,
    replyTopic,
    command: 'reserve-stock',
    payload: { sku: 'A' },
  };
  const context = new KafkaEventContext({
    envelope: {
      id,
      type: 'saga.command',
      source: '/test',
      time: new Date().toISOString(),
      key: command.sagaId,
      correlationId: command.sagaId,
      data: command,
    },
    topic,
    partition: 0,
    offset: String(sequence),
    attempt: 1,
    heartbeat: async () => undefined,
  });
  const handler = handlers.get(topic) as unknown as (
    data: unknown,
    ctx: KafkaEventContext,
  ) => Promise<void>;
  return handler(command, context);
}
