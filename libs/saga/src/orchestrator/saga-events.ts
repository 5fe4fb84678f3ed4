import type { IgnoredReason } from '../engine/saga-engine';
import type { SagaState } from '../engine/saga-instance';

/** What happened, after it committed: for metrics, logs and tests. Listeners must not throw. */
export type SagaEvent =
  | { type: 'started'; sagaType: string; sagaId: string }
  | { type: 'transitioned'; sagaType: string; sagaId: string; from: SagaState; to: SagaState; trigger: 'start' | 'reply' | 'deadline' | 'resume' }
  | { type: 'finished'; sagaType: string; sagaId: string; state: SagaState; durationMs: number }
  | { type: 'reply-ignored'; sagaType: string; sagaId: string; reason: IgnoredReason | 'unknown-saga' }
  | { type: 'timed-out'; sagaType: string; sagaId: string; step: string; direction: 'forward' | 'compensation' }
  | { type: 'compensation-retry-scheduled'; sagaType: string; sagaId: string; step: string }
  | { type: 'needs-attention'; sagaType: string; sagaId: string; reason: string };

/** Where the orchestrator reports problems; defaults to console.warn/console.error. */
export interface SagaLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const consoleLogger: SagaLogger = {
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};
