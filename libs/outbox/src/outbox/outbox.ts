import type { Transaction } from '@platform/database';
import { NonRetriableError, type TopicCatalog } from '@platform/kafka';
import { type CheckedEvent, checkEvent } from './checked-event';
import {
  INSERT_MANY,
  INSERT_MANY_GIVEN_IDS,
  INSERT_ONE,
  LOCK_AGGREGATES,
  SELECT_EXISTING_IDS,
} from './insert-sql';
import type { OutboxEvent, OutboxRecord } from './outbox-event';

/**
 * Where a service records the events it owes, in the transaction that changes its state. Writers
 * never talk to Kafka: the relay publishes committed rows later. A rolled-back transaction
 * leaves no row, so nothing is published for it.
 */
export interface Outbox {
  /**
   * Checks the event like the producer would, then inserts it with `tx`. Bad input throws
   * UnknownTopicError, MissingKeyError or SchemaValidationError before any SQL: nothing is
   * written and the transaction is still usable. So does an id the outbox already holds
   * (DuplicateEventIdError), found by the INSERT itself.
   */
  add<T>(tx: Transaction, event: OutboxEvent<T>): Promise<OutboxRecord>;
  /** Several events in one statement, in order. All are checked first: one bad event and none is written. */
  addMany(tx: Transaction, events: readonly OutboxEvent[]): Promise<OutboxRecord[]>;
}

export interface OutboxOptions {
  /** The topics this service may publish to (the same catalog its producer has). */
  catalog: TopicCatalog;
}

export function createOutbox({ catalog }: OutboxOptions): Outbox {
  if (!catalog)
    throw new TypeError(
      'Invalid outbox options: expected a topic catalog (catalog), received none.',
    );
  return {
    async add(tx, event) {
      const row = checkEvent(catalog, event as OutboxEvent);
      const { rowCount } = await tx.query(INSERT_ONE, [
        row.id,
        row.aggregateType,
        row.aggregateId,
        row.topic,
        row.payloadJson,
        row.headersJson,
      ]);
      if (rowCount === 0) throw new DuplicateEventIdError(row.topic, row.id);
      return recordOf(row);
    },
    async addMany(tx, events) {
      if (!Array.isArray(events))
        throw new TypeError(`Invalid outbox events, expected an array received ${typeof events}`);
      const rows = events.map((event) => checkEvent(catalog, event));
      if (rows.length === 0) return [];
      const ids = new Set<string>();
      for (const row of rows) {
        if (ids.has(row.id)) throw new DuplicateEventIdError(row.topic, row.id, 'addMany');
        ids.add(row.id);
      }
      await tx.query(LOCK_AGGREGATES, [rows.map((row) => row.aggregateId)]);
      const givenIds = events.some((event) => event.id != null);
      const { rowCount } = await tx.query(givenIds ? INSERT_MANY_GIVEN_IDS : INSERT_MANY, [
        rows.map((row) => row.id),
        rows.map((row) => row.aggregateType),
        rows.map((row) => row.aggregateId),
        rows.map((row) => row.topic),
        rows.map((row) => row.payloadJson),
        rows.map((row) => row.headersJson),
      ]);
      if (rowCount === 0) {
        const { rows: held } = await tx.query<{ id: string }>(SELECT_EXISTING_IDS, [[...ids]]);
        const first = rows.find((row) => held.some(({ id }) => id === row.id)) ?? rows[0];
        throw new DuplicateEventIdError(first.topic, first.id);
      }
      return rows.map(recordOf);
    },
  };
}

function recordOf(row: CheckedEvent): OutboxRecord {
  return { id: row.id, topic: row.topic, aggregateId: row.aggregateId };
}

/** An event id is the future ce_id, which inboxes dedupe on: two events must never share one. */
export class DuplicateEventIdError extends NonRetriableError {
  constructor(
    readonly topic: string,
    readonly id: string,
    repeatedBy?: 'addMany',
  ) {
    super(
      `Invalid event id for topic "${topic}": ${
        repeatedBy
          ? `addMany was given the id ${id} twice`
          : `the outbox already holds an event with id ${id}`
      }`,
    );
  }
}
