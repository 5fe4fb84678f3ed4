import { parseArgs } from './cli';
import { KafkaLocalError } from './errors';

describe('parseArgs', () => {
  it('reads a command with its options', () => {
    expect(parseArgs(['up', '--nodes', '3', '--base-port', '19092', '--heap', '768m'])).toEqual({
      command: 'up',
      nodes: 3,
      basePort: 19092,
      heap: '768m',
      reset: false,
    });
    expect(parseArgs(['down', '--reset'])).toEqual({ command: 'down', reset: true });
    expect(parseArgs(['status'])).toEqual({ command: 'status', reset: false });
  });

  it.each([
    [[], 'Unknown command "".'],
    [['start'], 'Unknown command "start".'],
    [['up', '--verbose'], 'Unknown option --verbose.'],
    [['up', '--nodes'], '--nodes needs a value.'],
    [['up', '--nodes', 'three'], '--nodes expects a positive whole number, got "three".'],
    [['up', '--nodes', '0x3'], '--nodes expects a positive whole number, got "0x3".'],
    [['up', '--nodes', '0'], '--nodes expects a positive whole number, got "0".'],
    [['up', '--nodes', '4'], 'Invalid node count 4: expected 1 to 3 (e.g. --nodes 3).'],
    [['up', '--base-port', '50000'], 'Invalid base port 50000: expected 1 to 45535'],
    [
      ['up', '--nodes', '3', '--base-port', '45535'],
      'Invalid base port 45535: expected 1 to 45533',
    ],
    [['up', '--heap', 'lots'], '--heap expects a JVM size like 512m or 1g, got "lots".'],
  ])('rejects %j with a usage error', (argv, message) => {
    let error: unknown;
    try {
      parseArgs(argv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KafkaLocalError);
    expect((error as KafkaLocalError).message.startsWith(message)).toBe(true);
    expect((error as KafkaLocalError).hint).toMatch(/^usage: kafka-local <up\|down\|status>/);
  });
});
