import type { Kafka } from 'kafkajs';

/** What a scenario measures. Extend the union when a scenario needs a new unit. */
export type Metric = 'msgs_per_s' | 'commits_per_s' | 'ms' | 'sagas_per_s';

/** One benchmark message: keyed, 1 KiB value (see payload.ts). */
export interface BenchMessage {
  key: string;
  value: Buffer;
  /** Only for scenarios whose consumers need them (e.g. CloudEvents headers). */
  headers?: Record<string, string>;
}

/** What one run of a scenario reports: its metric for that run. */
export interface RunResult {
  value: number;
  /**
   * Further numbers of this run, e.g. latency percentiles (`{ p50, p99 }`) or a rate measured on
   * the side. latest.json reports each one's median over the counted runs, under `details`.
   */
  details?: Readonly<Record<string, number>>;
}

/** Everything a run gets from the harness. A fresh context per run; its topics are deleted when the run ends. */
export interface ScenarioContext {
  /** The broker every scenario of this bench talks to (resolveKafkaBroker). */
  readonly brokers: readonly string[];
  /** Messages each run moves (--messages). */
  readonly messages: number;
  /** A new kafkajs client with logging off; the scenario connects and disconnects what it creates from it. */
  kafka(clientId: string): Kafka;
  /** Creates a topic no one else uses, with 12 partitions, leaders elected; deleted after the run (untimed). */
  createTopic(label: string): Promise<string>;
  /** A consumer group id no one else uses, so every run reads from a clean slate. */
  groupId(label: string): string;
  /** The i-th benchmark message: key `key-${i % 1024}`, 1 KiB value starting with i. */
  message(index: number): BenchMessage;
  /** Progress line on stderr. */
  log(line: string): void;
}

/**
 * A benchmark scenario: one file in src/scenarios, registered in src/scenarios/index.ts.
 * `run` times itself (set-up such as filling a topic is not part of the measurement) and
 * returns the metric for that run; the harness runs it several times and takes the median.
 */
export interface Scenario {
  /** Dotted name used on the command line and in latest.json, e.g. `producer.raw`. */
  readonly name: string;
  /** One line for --list. */
  readonly description: string;
  readonly metric: Metric;
  /** Name of the scenario this one is compared with; absent for baselines. */
  readonly baseline?: string;
  /** Condition on ratio = value / baselineValue, e.g. ">= 0.95"; needs a baseline. */
  readonly target?: string;
  /**
   * The scenario that does, on bare kafkajs, the least work this one must do: the same records,
   * headers and JSON, none of our code. When both report `client_cpu_us_per_msg`, the results
   * carry a ceiling: baseline CPU per message ÷ floor CPU per message, the ratio this scenario
   * could reach if it cost nothing over the floor (client-bound rates go inversely with CPU). A
   * target above it is out of reach for any code on this client. Needs a baseline; run with it.
   */
  readonly floor?: string;
  /**
   * The scenario that does, with plain pg and kafkajs, the least work this one must do, against
   * the same baseline: a rate measured in the same run, so the bound counts everything the
   * client-CPU ceiling cannot (Postgres, the broker). Its ratio is the most this scenario can
   * reach on this machine today; a target above it is out of reach for any implementation. Needs
   * a baseline, and the bound must share it.
   */
  readonly bound?: string;
  run(ctx: ScenarioContext): Promise<RunResult>;
}
