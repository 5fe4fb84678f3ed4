/**
 * npm run dlq -- list <dlt-topic>
 * npm run dlq -- replay <dlt-topic> (--all | [--offsets 3-7] [--partition N] [--key K] [--error-class X]) [--dry-run]
 */
import { KafkaConfigError, kafkaConfigFromEnv, toKafkaJsConfig } from '@platform/kafka';
import { resolveKafkaBroker } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';
import { type DlqArgs, parseDlqArgs, USAGE } from './args';
import { runDlqCommand } from './dlq-command';
import { DlqInterruptedError, DlqUsageError } from './errors';

export interface DlqIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The cluster; defaults to KAFKA_BROKERS, else the local dev broker (resolveKafkaBroker). */
  brokers?: string[];
  /** KAFKA_SSL, KAFKA_SASL_* and KAFKA_CLIENT_ID as a service reads them (kafkaConfigFromEnv); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Ctrl-C: a replay stops after the message in flight and reports what was sent (exit 130). */
  signal?: AbortSignal;
}

/** The whole CLI as a function, for tests: returns the exit code (0 ok, 1 failure, 2 bad input, 130 interrupted). */
export async function runDlqCli(argv: readonly string[], io: DlqIo): Promise<number> {
  let args: DlqArgs;
  try {
    args = parseDlqArgs(argv);
  } catch (error) {
    if (!(error instanceof DlqUsageError)) throw error;
    io.err(`dlq: ${error.message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.command === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    const brokers =
      io.brokers ?? (await resolveKafkaBroker((line) => io.err(`dlq: ${line}`))).brokers;
    // TLS and SASL as the services read them: a secured cluster is reached the same way.
    const connection = kafkaConfigFromEnv('dlq', {
      ...(io.env ?? process.env),
      KAFKA_BROKERS: brokers.join(','),
    });
    const kafka = new Kafka({ ...toKafkaJsConfig(connection), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await runDlqCommand(args, { kafka, admin, log: io.out, signal: io.signal });
    } finally {
      await admin.disconnect();
    }
    return 0;
  } catch (error) {
    io.err(`dlq: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof KafkaConfigError) return 2;
    return error instanceof DlqInterruptedError ? 130 : 1;
  }
}

if (require.main === module) {
  // First Ctrl-C: finish the message in flight, then stop and report; a second one quits at once.
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    console.error('dlq: stopping after the message in flight (Ctrl-C again to quit now)...');
    interrupt.abort();
  });
  runDlqCli(process.argv.slice(2), {
    out: console.log,
    err: console.error,
    signal: interrupt.signal,
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
