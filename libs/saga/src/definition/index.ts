export { success, failure, isSagaFailure, type SagaSuccess, type SagaFailure, type SagaOutcome } from './outcome';
export { defineCommand, type CommandType, type AnyCommandType, type CommandTypeOptions, type SagaCommand } from './command';
export { saga, type SagaOptions, type SagaSteps, type StepBuilder, type InvokeStepBuilder, type LocalStepBuilder } from './saga-builder';
export {
  DEFAULT_COMPENSATION_POLICY,
  type SagaDefinition,
  type AnySagaDefinition,
  type StepDefinition,
  type StepAction,
  type Compensation,
  type CompensationPolicy,
  type LocalAction,
  type LocalStepContext,
  type CommandBuilder,
  type ReplyHandler,
  type InvokeOptions,
} from './saga-definition';
