import { parseDlqArgs } from './args';
import { DlqUsageError } from './errors';

const DLT = 'orders.order.created.dlt.billing';

function usageError(argv: string[]): string {
  try {
    parseDlqArgs(argv);
  } catch (error) {
    if (error instanceof DlqUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a DlqUsageError');
}

describe('parseDlqArgs', () => {
  it('reads list', () => {
    expect(parseDlqArgs(['list', DLT])).toEqual({ command: 'list', topic: DLT });
  });

  it('reads replay with every filter, in both --flag value and --flag=value form', () => {
    expect(
      parseDlqArgs([
        'replay',
        DLT,
        '--offsets',
        '3-7',
        '--partition=2',
        '--key',
        'order-1',
        '--error-class=RetriableError',
        '--dry-run',
      ]),
    ).toEqual({
      command: 'replay',
      topic: DLT,
      selection: {
        offsets: { from: 3n, to: 7n },
        partition: 2,
        key: 'order-1',
        errorClass: 'RetriableError',
      },
      dryRun: true,
    });
  });

  it('reads a single offset and --all', () => {
    expect(parseDlqArgs(['replay', DLT, '--offsets', '5'])).toMatchObject({
      selection: { offsets: { from: 5n, to: 5n } },
      dryRun: false,
    });
    expect(parseDlqArgs(['replay', DLT, '--all'])).toMatchObject({ selection: {} });
  });

  it.each([
    [[]],
    [['help']],
    [['--help']],
    [['replay', '--help']],
    [['list', DLT, '-h']],
    [['replay', DLT, '--key', 'k', '--help']],
  ])('shows help for %p', (argv) => {
    expect(parseDlqArgs(argv)).toEqual({ command: 'help' });
  });

  it.each<[string[], string]>([
    [['purge', DLT], 'Unknown command "purge", expected list or replay.'],
    [['list'], 'Missing the dead-letter topic: list <dlt-topic>.'],
    [['list', DLT, 'other'], `Expected one topic, received ${DLT} other.`],
    [
      ['replay', DLT],
      'Choose what to replay: --offsets, --partition, --key, --error-class, or --all.',
    ],
    [['replay', DLT, '--all', '--key', 'k'], '--all cannot be combined with filters.'],
    [
      ['replay', DLT, '--offsets', '7-3'],
      'Invalid --offsets "7-3": the range ends before it starts.',
    ],
    [
      ['replay', DLT, '--offsets', 'three'],
      'Invalid --offsets "three", expected A-B (e.g. 3-7) or one offset (e.g. 5).',
    ],
    [
      ['replay', DLT, '--partition', '-1'],
      'Invalid --partition "-1", expected a partition number like 0.',
    ],
    [['replay', DLT, '--partition', '--dry-run'], 'Option --partition needs a value.'],
    [
      ['replay', DLT, '--partition', 'x'],
      'Invalid --partition "x", expected a partition number like 0.',
    ],
    [
      ['replay', DLT, '--partition', '2147483648'],
      'Invalid --partition "2147483648": Kafka partitions go up to 2147483647.',
    ],
    [
      ['replay', DLT, '--offsets', '5-9223372036854775808'],
      'Invalid --offsets "5-9223372036854775808": Kafka offsets go up to 9223372036854775807.',
    ],
    [['replay', DLT, '--key'], 'Option --key needs a value.'],
    [['replay', DLT, '--force'], 'Unknown option "--force".'],
    [
      ['replay', DLT, '--key', 'order-1', '--key=order-2'],
      'Option --key is given twice ("order-1", "order-2"); filters combine with AND, so give it once and run replay again for the other.',
    ],
    [['replay', DLT, '--dry-run=yes', '--all'], 'Option --dry-run takes no value, received "yes".'],
    [['list', DLT, '--key', 'k'], 'Option --key belongs to replay; list shows every message.'],
    [
      ['list', 'orders.order.created.retry.billing.1'],
      '"orders.order.created.retry.billing.1" is a retry topic, not a dead-letter topic; expected orders.order.created.dlt.billing.',
    ],
  ])('rejects %p', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('rejects a topic that is not a dead-letter topic with the naming rule', () => {
    expect(usageError(['list', 'orders.order.created'])).toMatch(
      /^Not a dead-letter topic: Invalid derived topic name "orders.order.created": .*\(rule: segment-count\)/,
    );
  });
});
