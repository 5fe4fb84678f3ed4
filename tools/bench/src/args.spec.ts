import { parseArgs } from './args';

describe('parseArgs', () => {
  it('defaults to every scenario, 5 runs, the default message count and output', () => {
    expect(parseArgs([])).toEqual({ scenarios: [], runs: 5, list: false, help: false });
  });

  it('collects scenario names and options in any order', () => {
    expect(
      parseArgs([
        'producer.raw',
        '--runs',
        '3',
        'consumer.raw-autocommit',
        '--messages=2000',
        '--out',
        '/tmp/x.json',
      ]),
    ).toEqual({
      scenarios: ['producer.raw', 'consumer.raw-autocommit'],
      runs: 3,
      messages: 2000,
      out: '/tmp/x.json',
      list: false,
      help: false,
    });
  });

  it('accepts underscores as digit separators', () => {
    expect(parseArgs(['--messages', '50_000']).messages).toBe(50000);
  });

  it('reads --list and --help', () => {
    expect(parseArgs(['--list']).list).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it('rejects counts that are not positive whole numbers', () => {
    expect(() => parseArgs(['--runs', '0'])).toThrow(
      '--runs expects a positive whole number, received "0".',
    );
    expect(() => parseArgs(['--runs', '2.5'])).toThrow(
      '--runs expects a positive whole number, received "2.5".',
    );
    expect(() => parseArgs(['--messages', '1e3'])).toThrow(
      '--messages expects a positive whole number, received "1e3".',
    );
  });

  it('rejects a missing value, a value on a switch and unknown options', () => {
    expect(() => parseArgs(['--runs'])).toThrow('--runs needs a value.');
    expect(() => parseArgs(['--out', '--list'])).toThrow('--out needs a value.');
    expect(() => parseArgs(['--list=yes'])).toThrow('--list takes no value, received "yes".');
    expect(() => parseArgs(['--fast'])).toThrow('Unknown option --fast.');
  });
});
