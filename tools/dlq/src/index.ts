export { runDlqCli, type DlqIo } from './cli';
export { parseDlqArgs, USAGE, type DlqArgs, type Selection } from './args';
export { runDlqCommand, type DlqCommandDeps } from './dlq-command';
export {
  summarize,
  matches,
  replayMessage,
  type DeadLetter,
  type DeadLetterSummary,
  type ReplayMessage,
} from './dead-letters';
export { readTopic } from './read-topic';
export { DlqInterruptedError, DlqUsageError } from './errors';
