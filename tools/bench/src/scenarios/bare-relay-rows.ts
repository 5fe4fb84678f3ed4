import { VIRTUAL_PARTITIONS } from '@platform/outbox';
import type { Message } from 'kafkajs';

// What the bare relays of the bench (outbox.relay-bare, the saga hop bound) share: the columns
// they read, the record they send, and how their loops split the outbox's virtual partitions.

/** An outbox row as a bare relay reads it: the payload as stored JSON text. */
export interface PendingRow {
  id: string;
  aggregateid: string;
  topic: string;
  payload: string;
}

/** Key and stored payload; the event id as the one header when the consumer needs it (`withId`). */
export function toMessage(row: PendingRow, withId = false): Message {
  return withId
    ? { key: row.aggregateid, value: row.payload, headers: { ce_id: row.id } }
    : { key: row.aggregateid, value: row.payload };
}

/** Loop `loop` of `loops` gets every loops-th virtual partition: no loop waits on another's row locks. */
export function partitionsOfLoop(loop: number, loops: number): number[] {
  return Array.from({ length: VIRTUAL_PARTITIONS }, (_, p) => p).filter((p) => p % loops === loop);
}
