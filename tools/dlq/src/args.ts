import { NamingError, parseDerivedTopic } from '@platform/naming';
import { DlqUsageError } from './errors';

export const USAGE = `usage:
  npm run dlq -- list <dlt-topic>
  npm run dlq -- replay <dlt-topic> (--all | [--offsets 3-7] [--partition N] [--key K] [--error-class X]) [--dry-run]

  <dlt-topic>     a dead-letter topic, <source>.dlt.<service>, e.g. orders.order.created.dlt.billing
  --offsets A-B   offsets in the dead-letter topic (inclusive), or one offset A
  --partition N   only that partition of the dead-letter topic
  --key K         only messages with that key
  --error-class X only messages whose dlt_error_class is X, e.g. DeserializationError
  --all           every message (when no other filter is given)
  --dry-run       print what would be replayed, publish nothing
The broker is KAFKA_BROKERS (host:port,...); without it the local dev broker is used.`;

/** Kafka's partition numbers are int32 and its offsets int64. */
const MAX_PARTITION = 2 ** 31 - 1;
const MAX_OFFSET = 2n ** 63n - 1n;

export interface Selection {
  offsets?: { from: bigint; to: bigint };
  partition?: number;
  key?: string;
  errorClass?: string;
}

export type DlqArgs =
  | { command: 'help' }
  | { command: 'list'; topic: string }
  | { command: 'replay'; topic: string; selection: Selection; dryRun: boolean };

/** Throws DlqUsageError naming the bad argument; a bad topic name reports its naming rule. */
export function parseDlqArgs(argv: readonly string[]): DlqArgs {
  const [command, ...rest] = argv;
  // Asking for help after a command (replay --help) is asking for help, not an unknown option.
  if (
    command === undefined ||
    command === 'help' ||
    argv.some((arg) => arg === '--help' || arg === '-h')
  )
    return { command: 'help' };
  if (command !== 'list' && command !== 'replay')
    throw new DlqUsageError(`Unknown command "${command}", expected list or replay.`);
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = splitFlag(arg);
    if (name === '--dry-run' || name === '--all') {
      if (inline !== undefined)
        throw new DlqUsageError(`Option ${name} takes no value, received "${inline}".`);
      flags.set(name, true);
      continue;
    }
    if (!['--offsets', '--partition', '--key', '--error-class'].includes(name))
      throw new DlqUsageError(`Unknown option "${name}".`);
    if (command === 'list')
      throw new DlqUsageError(`Option ${name} belongs to replay; list shows every message.`);
    const value = inline ?? rest[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new DlqUsageError(`Option ${name} needs a value.`);
    }
    // A second value would silently replace the first: the user would replay another selection.
    const earlier = flags.get(name);
    if (typeof earlier === 'string')
      throw new DlqUsageError(
        `Option ${name} is given twice ("${earlier}", "${value}"); filters combine with AND, so give it once and run replay again for the other.`,
      );
    flags.set(name, value);
  }
  if (positional.length !== 1) {
    throw new DlqUsageError(
      positional.length === 0
        ? `Missing the dead-letter topic: ${command} <dlt-topic>.`
        : `Expected one topic, received ${positional.join(' ')}.`,
    );
  }
  const topic = deadLetterTopicArg(positional[0]);
  if (command === 'list') {
    if (flags.size > 0)
      throw new DlqUsageError(`list takes no options, received ${[...flags.keys()].join(' ')}.`);
    return { command, topic };
  }
  const selection: Selection = {};
  const offsets = flags.get('--offsets');
  if (typeof offsets === 'string') selection.offsets = offsetRange(offsets);
  const partition = flags.get('--partition');
  if (typeof partition === 'string') {
    if (!/^\d+$/.test(partition))
      throw new DlqUsageError(
        `Invalid --partition "${partition}", expected a partition number like 0.`,
      );
    // Past Kafka's int32 the number names no partition: say so, not "no dead letters match".
    if (Number(partition) > MAX_PARTITION)
      throw new DlqUsageError(
        `Invalid --partition "${partition}": Kafka partitions go up to ${MAX_PARTITION}.`,
      );
    selection.partition = Number(partition);
  }
  const key = flags.get('--key');
  if (typeof key === 'string') selection.key = key;
  const errorClass = flags.get('--error-class');
  if (typeof errorClass === 'string') selection.errorClass = errorClass;
  const filtered = Object.keys(selection).length > 0;
  // Replaying a whole dead-letter topic by accident is hard to undo: ask for it explicitly.
  if (!filtered && !flags.has('--all'))
    throw new DlqUsageError(
      'Choose what to replay: --offsets, --partition, --key, --error-class, or --all.',
    );
  if (filtered && flags.has('--all'))
    throw new DlqUsageError('--all cannot be combined with filters.');
  return { command, topic, selection, dryRun: flags.has('--dry-run') };
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function deadLetterTopicArg(topic: string): string {
  try {
    const derived = parseDerivedTopic(topic);
    if (derived.kind !== 'dlt') {
      throw new DlqUsageError(
        `"${topic}" is a retry topic, not a dead-letter topic; expected ${derived.source}.dlt.${derived.service}.`,
      );
    }
    return topic;
  } catch (error) {
    if (error instanceof NamingError)
      throw new DlqUsageError(`Not a dead-letter topic: ${error.message}`);
    throw error;
  }
}

function offsetRange(text: string): { from: bigint; to: bigint } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match)
    throw new DlqUsageError(
      `Invalid --offsets "${text}", expected A-B (e.g. 3-7) or one offset (e.g. 5).`,
    );
  const from = BigInt(match[1]);
  const to = match[2] === undefined ? from : BigInt(match[2]);
  if (to < from)
    throw new DlqUsageError(`Invalid --offsets "${text}": the range ends before it starts.`);
  if (to > MAX_OFFSET)
    throw new DlqUsageError(`Invalid --offsets "${text}": Kafka offsets go up to ${MAX_OFFSET}.`);
  return { from, to };
}
