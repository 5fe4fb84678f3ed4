/** The service's database (`@Inject(DATABASE) db: Database`). */
export const DATABASE = Symbol('DATABASE');
/** `@Inject(OUTBOX) outbox: Outbox`: `outbox.add(tx, { topic, aggregateId, payload })` in the writer's transaction. */
export const OUTBOX = Symbol('OUTBOX');
/** The options OutboxModule.forRoot was given. */
export const OUTBOX_MODULE_OPTIONS = Symbol('OUTBOX_MODULE_OPTIONS');
