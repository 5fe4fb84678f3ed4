import { Inject, Injectable } from '@nestjs/common';
import type { Database, Transaction } from '@platform/database';
import type { KafkaEventContext } from '@platform/kafka-nest';
import { inboxHandler } from '@platform/outbox';
import type { OutboxModuleOptions } from './outbox-module-options';
import { DATABASE, OUTBOX_MODULE_OPTIONS } from './tokens';

/**
 * Applies a handler's effect at most once per event for this service: the effect and the inbox
 * record commit in one transaction, a redelivered event (same id) is acknowledged and skipped.
 */
@Injectable()
export class Inbox {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(OUTBOX_MODULE_OPTIONS) private readonly options: OutboxModuleOptions,
  ) {}

  apply(context: KafkaEventContext, effect: (tx: Transaction) => Promise<void>): Promise<void> {
    const handler = inboxHandler({ db: this.db, group: this.options.service }, (_event, tx) =>
      effect(tx),
    );
    return handler(context.getEnvelope(), {
      topic: context.getReadTopic(),
      sourceTopic: context.getTopic(),
      partition: context.getPartition(),
      offset: context.getOffset(),
      attempt: context.getAttempt(),
      headers: {},
      heartbeat: () => context.heartbeat(),
    });
  }
}
