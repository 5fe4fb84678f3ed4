export type { BenchMessage, Metric, RunResult, Scenario, ScenarioContext } from './scenario';
export { scenarios } from './scenarios';
export { main, DEFAULT_MESSAGES, DEFAULT_OUT } from './cli';
export { parseArgs, DEFAULT_RUNS, type BenchArgs } from './args';
export { planScenarios, validateRegistry } from './plan';
export {
  buildResults,
  formatTable,
  formatDetails,
  type BenchResult,
  type BenchResults,
  type Measurement,
} from './results';
export { runBench, type RunBenchOptions } from './runner';
export { median, quantile, summarize, ratio, messagesPerSecond, type Summary } from './stats';
export { parseTarget, meetsTarget, type Target, type TargetOperator } from './target';
export { createMessageFactory, VALUE_BYTES } from './payload';
export { sendInBatches, fillTopic, SEND_BATCH_SIZE, SENDS_IN_FLIGHT } from './workload';
export { BENCH_PARTITIONS, TopicPool } from './context';
export { BenchUsageError } from './errors';
