import type { Admin, Kafka } from 'kafkajs';
import type { DlqArgs } from './args';
import {
  type DeadLetter,
  matches,
  replayMessage,
  type ReplayMessage,
  summarize,
} from './dead-letters';
import { DlqInterruptedError } from './errors';
import { readTopic } from './read-topic';

export interface DlqCommandDeps {
  kafka: Kafka;
  admin: Admin;
  /** One line of output. */
  log: (line: string) => void;
  /** Aborted (Ctrl-C): replay stops after the message in flight and reports what was sent. */
  signal?: AbortSignal;
}

/** Runs list or replay; throws with a message fit for the terminal. */
export async function runDlqCommand(
  args: Exclude<DlqArgs, { command: 'help' }>,
  deps: DlqCommandDeps,
): Promise<void> {
  const topics = await deps.admin.listTopics();
  if (!topics.includes(args.topic))
    throw new Error(`Topic ${args.topic} does not exist on this cluster.`);
  const records = await readTopic(deps.kafka, deps.admin, args.topic, { signal: deps.signal });
  if (args.command === 'list') return list(args.topic, records, deps.log);
  const selected = records.filter((record) => matches(record, args.selection));
  if (selected.length === 0) {
    deps.log(`No dead letters in ${args.topic} match (${records.length} in the topic).`);
    return;
  }
  // Build every message before publishing any, so one bad record does not leave a half-done replay.
  const messages = selected.map((record) => ({
    record,
    message: replayMessage(args.topic, record),
  }));
  const missing = [...new Set(messages.map(({ message }) => message.topic))].filter(
    (topic) => !topics.includes(topic),
  );
  if (missing.length > 0)
    throw new Error(
      `The original topic ${missing.join(', ')} does not exist; nothing was replayed.`,
    );
  await checkPartitionsExist(deps.admin, messages);
  const producer = args.dryRun
    ? undefined
    : deps.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
  await producer?.connect();
  let sent = 0;
  // Said on any stop midway, so a half-done replay lists exactly which dead letters were not sent.
  const notReplayed = (): string =>
    `replayed ${sent} of ${messages.length} selected dead letters (listed above). Not replayed: ${messages
      .slice(sent)
      .map(({ record }) => `${record.partition}:${record.offset}`)
      .join(', ')}.`;
  try {
    for (const { record, message } of messages) {
      if (producer && deps.signal?.aborted)
        throw new DlqInterruptedError(`Interrupted: ${notReplayed()}`);
      const where = `${message.topic}${message.partition === undefined ? '' : `[${message.partition}]`}`;
      const what = `${record.partition}:${record.offset} (key ${record.key?.toString() ?? '(none)'}, ${summarize(record).errorClass})`;
      if (!producer) {
        deps.log(`would replay ${what} -> ${where}`);
        continue;
      }
      // One at a time, in dead-letter order: a key's replayed events keep their relative order.
      try {
        await producer.send({
          topic: message.topic,
          acks: -1,
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: message.headers,
              partition: message.partition,
            },
          ],
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Replaying ${record.partition}:${record.offset} failed (${reason}); ${notReplayed()}`,
        );
      }
      sent++;
      deps.log(`replayed ${what} -> ${where}`);
    }
  } finally {
    await producer?.disconnect();
  }
  deps.log(
    args.dryRun
      ? `Dry run: ${selected.length} of ${records.length} dead letters would be replayed; nothing was published.`
      : `Replayed ${selected.length} of ${records.length} dead letters. They stay in ${args.topic}; an idempotent handler (inbox) makes a second replay harmless.`,
  );
}

/**
 * kafkajs reports a send to a partition missing from the topic's metadata as a success and drops
 * the message, so a dead letter whose original partition is gone (the topic was recreated with
 * fewer partitions) would be "replayed" into nowhere. Checked for the whole selection up front,
 * dry run included, so nothing is half replayed.
 */
async function checkPartitionsExist(
  admin: Admin,
  messages: readonly { record: DeadLetter; message: ReplayMessage }[],
): Promise<void> {
  const targets = [...new Set(messages.map(({ message }) => message.topic))];
  const { topics } = await admin.fetchTopicMetadata({ topics: targets });
  const counts = new Map(topics.map((topic) => [topic.name, topic.partitions.length]));
  const unreachable = messages.filter(
    ({ message }) =>
      message.partition !== undefined && message.partition >= (counts.get(message.topic) ?? 0),
  );
  if (unreachable.length === 0) return;
  const lines = unreachable.map(
    ({ record, message }) =>
      `  ${record.partition}:${record.offset} came from partition ${message.partition} of ${message.topic}, which has ${counts.get(message.topic)} partitions`,
  );
  throw new Error(
    [
      `${unreachable.length} selected dead letter(s) name an original partition that no longer exists; nothing was replayed:`,
      ...lines,
      'Leave them out of the selection (--offsets, --partition, --key), or restore the partitions first.',
    ].join('\n'),
  );
}

function list(topic: string, records: DeadLetter[], log: (line: string) => void): void {
  if (records.length === 0) {
    log(`${topic} is empty.`);
    return;
  }
  const rows = records
    .map(summarize)
    .map((s) => [
      String(s.partition),
      s.offset,
      s.key,
      s.attempts,
      s.errorClass,
      oneLine(s.errorMessage, 60),
      s.original,
    ]);
  const header = [
    'PARTITION',
    'OFFSET',
    'KEY',
    'ATTEMPTS',
    'ERROR CLASS',
    'ERROR MESSAGE',
    'ORIGINAL TOPIC[PARTITION]@OFFSET',
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  for (const row of [header, ...rows])
    log(
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
  log(`${records.length} dead letter(s) in ${topic}.`);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
