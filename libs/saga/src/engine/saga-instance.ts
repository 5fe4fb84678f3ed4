/**
 * - running: forward steps in progress;
 * - compensating: a step failed or timed out, completed steps are being undone in reverse order;
 * - completed / compensated: terminal;
 * - needs-attention: a compensation kept failing; parked until someone resumes it (terminal until then).
 */
export type SagaState = 'running' | 'compensating' | 'completed' | 'compensated' | 'needs-attention';

export const SAGA_STATES: readonly SagaState[] = ['running', 'compensating', 'completed', 'compensated', 'needs-attention'];
export const ACTIVE_STATES: readonly SagaState[] = ['running', 'compensating'];

/** What the saga waits for until `deadline`: a reply to its last command, or the next try of a compensation. */
export type WaitingFor = 'reply' | 'retry';

export interface SagaInstance<D = unknown> {
  id: string;
  type: string;
  state: SagaState;
  /** The step running (forward) or being undone (compensating); -1 once everything is undone. */
  currentStep: number;
  compensating: boolean;
  data: D;
  /** Bumped by every saved change; a save expecting another version fails (optimistic lock). */
  version: number;
  /** Counts the commands this saga sent; the last one's value is the only reply accepted. */
  attempt: number;
  /** Tries of the compensation at currentStep. */
  compensationAttempts: number;
  waitingFor: WaitingFor | null;
  deadline: Date | null;
  /** Why the saga compensates, or why it needs attention. */
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type HistoryEvent = 'succeeded' | 'failed' | 'command-sent' | 'timed-out' | 'retry-scheduled' | 'parked' | 'resumed';

/** One line of a saga's step history. */
export interface SagaHistoryEntry {
  step: number;
  stepName: string;
  direction: 'forward' | 'compensation';
  event: HistoryEvent;
  /** The saga's request counter for command-sent and replies. */
  attempt: number | null;
  reason: string | null;
  at: Date;
}

export function isTerminal(state: SagaState): boolean {
  return state === 'completed' || state === 'compensated' || state === 'needs-attention';
}
