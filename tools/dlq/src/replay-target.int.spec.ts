import { createTopicsAndWait } from '@platform/kafka';
import { testKafka, uniqueName } from '@platform/testing';
import type { Admin } from 'kafkajs';
import { runDlqCli } from './cli';
import { recordingIo } from './recording-io.spec-helper';

// Dead letters written by hand, so each test controls what their headers say about the original.
describe('dlq replay refuses a target it cannot reach, before publishing anything', () => {
  const kafka = testKafka('dlq-target-it');
  let admin: Admin;
  const io = recordingIo();
  const { output, errors } = io;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  const created: string[] = [];

  afterAll(async () => {
    if (created.length) await admin.deleteTopics({ topics: created });
    await admin.disconnect();
  });

  beforeEach(() => {
    io.clear();
  });

  /** An original topic with `partitions` and its dead-letter topic holding `originalPartitions`' dead letters, in that order. */
  async function deadLetters(
    partitions: number,
    originalPartitions: number[],
    options: { values?: string[]; maxMessageBytes?: number } = {},
  ): Promise<{ topic: string; dlt: string }> {
    const topic = `${uniqueName('dlqt').replace(/[^a-z0-9]/g, '')}.order.placed`;
    const dlt = `${topic}.dlt.billing`;
    created.push(topic, dlt);
    await createTopicsAndWait(admin, [
      {
        topic,
        numPartitions: partitions,
        configEntries: options.maxMessageBytes
          ? [{ name: 'max.message.bytes', value: String(options.maxMessageBytes) }]
          : [],
      },
      { topic: dlt, numPartitions: 1 },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlt,
      acks: -1,
      messages: originalPartitions.map((partition, i) => ({
        key: `order-${i}`,
        value: options.values?.[i] ?? JSON.stringify({ id: `order-${i}` }),
        headers: {
          ce_id: `evt-${i}`,
          dlt_original_topic: topic,
          dlt_original_partition: String(partition),
          dlt_original_offset: String(i),
          dlt_error_class: 'NonRetriableError',
        },
      })),
    });
    await producer.disconnect();
    return { topic, dlt };
  }

  const published = async (topic: string): Promise<number> =>
    (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);

  it('refuses a dead letter whose original partition no longer exists (the topic was recreated smaller), replaying none', async () => {
    // kafkajs reports a send to a partition missing from the metadata as a success and drops it.
    const { topic, dlt } = await deadLetters(2, [1, 5]);
    const code = await runDlqCli(['replay', dlt, '--all'], io);
    expect(code).toBe(1);
    expect(errors.join('\n')).toContain(`partition 5 of ${topic}, which has 2 partitions`);
    expect(errors.join('\n')).toContain('nothing was replayed');
    expect(output.filter((line) => line.startsWith('replayed'))).toEqual([]);
    expect(await published(topic)).toBe(0);
  });

  it('refuses it on --dry-run too, so the dry run shows what the real run would do', async () => {
    const { dlt } = await deadLetters(2, [5]);
    expect(await runDlqCli(['replay', dlt, '--all', '--dry-run'], io)).toBe(1);
    expect(errors.join('\n')).toContain('nothing was replayed');
  });

  it('stops after the message in flight on Ctrl-C and says what was and was not replayed', async () => {
    const { topic, dlt } = await deadLetters(1, [0, 0, 0]);
    const interrupt = new AbortController();
    const code = await runDlqCli(['replay', dlt, '--all'], {
      ...io,
      signal: interrupt.signal,
      out: (line) => {
        io.out(line);
        if (line.startsWith('replayed')) interrupt.abort();
      },
    });
    expect(code).toBe(130);
    expect(output.filter((line) => line.startsWith('replayed'))).toHaveLength(1);
    expect(errors.join('\n')).toContain('Interrupted: replayed 1 of 3 selected dead letters');
    expect(errors.join('\n')).toContain('Not replayed: 0:1, 0:2');
    expect(await published(topic)).toBe(1);
  });

  it('says how far it got when the broker refuses a message midway', async () => {
    // The second dead letter is larger than the original topic now accepts.
    const { topic, dlt } = await deadLetters(1, [0, 0, 0], {
      values: ['{"id":"order-0"}', 'x'.repeat(4_000), '{"id":"order-2"}'],
      maxMessageBytes: 2_000,
    });
    expect(await runDlqCli(['replay', dlt, '--all'], io)).toBe(1);
    const error = errors.join('\n');
    expect(error).toContain('Replaying 0:1 failed');
    expect(error).toContain('replayed 1 of 3 selected dead letters');
    expect(error).toContain('Not replayed: 0:1, 0:2');
    expect(await published(topic)).toBe(1);
  });

  it('stops reading on Ctrl-C, before anything is sent', async () => {
    const { topic, dlt } = await deadLetters(1, [0]);
    const interrupt = new AbortController();
    interrupt.abort();
    expect(await runDlqCli(['replay', dlt, '--all'], { ...io, signal: interrupt.signal })).toBe(
      130,
    );
    expect(errors).toEqual([`dlq: Interrupted while reading ${dlt}; nothing was replayed.`]);
    expect(await published(topic)).toBe(0);
  });
});
