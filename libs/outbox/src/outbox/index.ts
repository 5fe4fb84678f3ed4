export { createOutbox, DuplicateEventIdError, type Outbox, type OutboxOptions } from './outbox';
export type { OutboxEvent, OutboxRecord } from './outbox-event';
export { checkEvent, type CheckedEvent } from './checked-event';
