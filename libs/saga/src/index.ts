export * from './definition';
export {
  SagaEngine,
  type EngineContext,
  type Transition,
  type Decision,
  type IgnoredReason,
  type OutgoingCommand,
  type SagaReply,
} from './engine/saga-engine';
export {
  SAGA_STATES,
  ACTIVE_STATES,
  isTerminal,
  type SagaState,
  type SagaInstance,
  type SagaHistoryEntry,
  type HistoryEvent,
  type WaitingFor,
} from './engine/saga-instance';
export {
  SagaCommandMessageSchema,
  SagaReplyMessageSchema,
  type SagaCommandMessage,
  type SagaReplyMessage,
  type SagaRouting,
} from './messages/saga-messages';
export { sagaCommandTopic, sagaReplyTopic } from './messages/saga-topics';
export { givenSaga, SagaScenario, SagaExpectationError, type GivenSagaOptions, type SagaScenarioResult, type ExpectedCommand } from './harness/given-saga';
export { SagaOrchestrator, type SagaOrchestratorOptions, type StartSagaOptions, type SagaView } from './orchestrator/saga-orchestrator';
export { UnknownSagaTypeError } from './orchestrator/unknown-saga-type-error';
export { SagaStoppedError } from './orchestrator/saga-stopped-error';
export { DEFAULT_STOP_TIMEOUT_MS, type StopOptions } from './orchestrator/work-in-flight';
export type { DeadlinePollerOptions } from './orchestrator/deadline-poller';
export type { GroupCommitOptions } from './orchestrator/group-commit';
export type { SagaEvent, SagaLogger } from './orchestrator/saga-events';
export { SagaParticipant, type SagaParticipantOptions } from './participant/saga-participant';
export type { CommandBatchHandler, CommandHandler, CommandHandlerContext, SagaCommandInput, SagaCommandRouting } from './participant/command-handler';
export {
  migrateSagaTables,
  sagaMigrations,
  SAGA_MIGRATION_NAMESPACE,
  SAGA_MIGRATIONS_DIR,
  SagaConcurrencyError,
  type ListSagasQuery,
} from './store/saga-store';
