import { namesDatabase, parseCliArguments } from './cli-arguments';

describe('parseCliArguments', () => {
  it('reads the database options and the options a command declares, in either form', () => {
    const parsed = parseCliArguments(
      ['--url=postgres://db/app', '--topic', 't', '--id', 'a', '--id=b', '--all'],
      { valued: ['--topic'], repeatable: ['--id'], flags: ['--all'] },
    );
    expect(parsed).toEqual({
      url: 'postgres://db/app',
      dataDir: undefined,
      values: new Map([['--topic', 't']]),
      lists: new Map([['--id', ['a', 'b']]]),
      flags: new Set(['--all']),
    });
  });

  it.each([
    [['--uri', 'x'], 'unknown argument "--uri"'],
    [['--topic', 't'], 'unknown argument "--topic"'],
    [['--url'], '--url needs a value'],
    [['--url=  '], '--url needs a value'],
    [['--url', '--data-dir', 'd'], '--url needs a value'],
    [['--data-dir', 'd', '--data-dir=e'], '--data-dir given twice'],
    [['--url', 'x', '--data-dir', 'd'], '--url and --data-dir exclude each other'],
  ])('refuses %j with %j', (argv, message) => {
    expect(parseCliArguments(argv)).toBe(message);
  });
});

describe('namesDatabase', () => {
  it('is true for --url, --data-dir or a non-blank DATABASE_URL only', () => {
    expect(namesDatabase({ url: 'postgres://db/app' }, {})).toBe(true);
    expect(namesDatabase({ dataDir: './data' }, {})).toBe(true);
    expect(namesDatabase({}, { DATABASE_URL: 'postgres://db/app' })).toBe(true);
    expect(namesDatabase({}, { DATABASE_URL: ' ' })).toBe(false);
    expect(namesDatabase({}, {})).toBe(false);
  });
});
