export { createOutboxRelay, type OutboxRelay, type RelayMetrics } from './outbox-relay';
export { normalizeRelayOptions, type OutboxRelayOptions, type RelayConfig } from './relay-options';
export type { RelayEvent } from './relay-events';
export { outboxStats, type OutboxStats } from './outbox-stats';
export { deletePublishedOutboxRows } from './cleanup';
export { toJsonEvent, type OutboxRow } from './outbox-row';
export { chunkRows } from './chunk-rows';
export { publishRows, isPoison, type PublishOutcome, type PublishLimits } from './publish-rows';
export { RateMeter } from './rate-meter';
export { WakeSignal } from './wake-signal';
export { shuffledPartitions } from './shuffled-partitions';
export {
  listFailedOutboxRows,
  requeueFailedOutboxRows,
  type FailedOutboxRow,
  type FailedRowSelection,
} from './failed-rows';
