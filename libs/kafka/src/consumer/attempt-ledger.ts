import type { FailureDecision } from './retry-policy';

/** A forward to a retry or dead-letter topic that the broker did not accept yet. */
export interface PendingForward {
  decision: Extract<FailureDecision, { action: 'retry-topic' | 'dead-letter' }>;
  error: unknown;
  attempts: number;
}

export interface LedgerEntry {
  offset: string;
  /** Tries of the current delivery (hop) so far. */
  attemptsInHop: number;
  /** Epoch ms before which the message must not be tried again. */
  notBefore?: number;
  pendingForward?: PendingForward;
}

/**
 * Remembers, per partition, the message that was paused mid-retry, so its redelivery continues
 * the count instead of starting over. In memory only: after a restart or a rebalance the new
 * owner starts the count again, which costs tries, never messages.
 */
export class AttemptLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  /** The entry for this exact offset; an entry for another offset is stale and dropped. */
  take(topic: string, partition: number, offset: string): LedgerEntry | undefined {
    // Nearly always empty: skip building the key on the per-message path.
    if (this.entries.size === 0) return undefined;
    const id = key(topic, partition);
    const entry = this.entries.get(id);
    if (entry && entry.offset !== offset) this.entries.delete(id);
    return entry?.offset === offset ? entry : undefined;
  }

  /** Whether a message of this partition was paused mid-retry (or mid-forward). */
  has(topic: string, partition: number): boolean {
    return this.entries.size > 0 && this.entries.has(key(topic, partition));
  }

  set(topic: string, partition: number, entry: LedgerEntry): void {
    this.entries.set(key(topic, partition), entry);
  }

  clear(topic: string, partition: number): void {
    if (this.entries.size > 0) this.entries.delete(key(topic, partition));
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
