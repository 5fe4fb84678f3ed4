/** What a topic is for; it decides the defaults (cleanup policy, retention). */
export type TopicRole = 'events' | 'changelog' | 'commands' | 'replies' | 'retry' | 'dead-letter';

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

export interface TopicPreset {
  cleanupPolicy: CleanupPolicy;
  /** undefined = keep forever (compacted topics keep the latest value per key). */
  retentionMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Defaults per role. Events are facts other services replay after an outage: a week covers a long
 * weekend. Dead letters need a human, who may be on holiday: two weeks. Entity state is compacted.
 */
export const TOPIC_PRESETS: Record<TopicRole, TopicPreset> = {
  events: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  changelog: { cleanupPolicy: 'compact' },
  commands: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  replies: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  retry: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  'dead-letter': { cleanupPolicy: 'delete', retentionMs: 14 * DAY_MS },
};
