/** Names the SQL in ../../migrations creates; code and migrations must agree on them. */
export const OUTBOX_TABLE = 'outbox';
export const INBOX_TABLE = 'inbox';
/** The channel the outbox_notify trigger signals on every INSERT into the outbox. */
export const OUTBOX_CHANNEL = 'outbox';
/** Virtual partitions the outbox's vpartition column spreads aggregates over (see 0001_create_outbox.sql). */
export const VIRTUAL_PARTITIONS = 64;
/**
 * Namespaces of the two-key advisory locks (pg_advisory_xact_lock(namespace, key)): writers lock
 * an aggregate, relays lock a virtual partition. Computed in SQL as hashtext(<name>).
 */
export const AGGREGATE_LOCK = 'outbox.aggregate';
export const PARTITION_LOCK = 'outbox.partition';
