import { parseRenameArgs } from './args';
import { RenameUsageError } from './errors';

function usageError(argv: string[]): string {
  try {
    parseRenameArgs(argv);
  } catch (error) {
    if (error instanceof RenameUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a RenameUsageError');
}

describe('parseRenameArgs', () => {
  it('reads --scope in both --scope value and --scope=value form, with the flags', () => {
    expect(parseRenameArgs(['--scope', '@acme'])).toEqual({
      command: 'rename',
      scope: '@acme',
      dryRun: false,
      force: false,
    });
    expect(parseRenameArgs(['--dry-run', '--scope=@acme', '--force'])).toEqual({
      command: 'rename',
      scope: '@acme',
      dryRun: true,
      force: true,
    });
  });

  it.each([[['--help']], [['-h']], [['help']], [['--scope', '@acme', '--help']]])(
    'shows help for %p',
    (argv) => {
      expect(parseRenameArgs(argv)).toEqual({ command: 'help' });
    },
  );

  it.each<[string[], string]>([
    [[], 'Missing --scope: npm run rename -- --scope @acme.'],
    [['--dry-run'], 'Missing --scope: npm run rename -- --scope @acme.'],
    [['--scope'], 'Option --scope needs a value, e.g. --scope @acme.'],
    [['--scope', '--dry-run'], 'Option --scope needs a value, e.g. --scope @acme.'],
    [['--scope='], '--scope needs a value, e.g. --scope @acme.'],
    [['--scope', 'acme'], 'Invalid scope "acme": an npm scope starts with @, e.g. --scope @acme.'],
    [['--scope', '@a', '--scope', '@b'], 'Give --scope once.'],
    [['--name', 'x'], 'Unknown option "--name": the options are --scope, --dry-run and --force.'],
    [['--dryrun'], 'Unknown option "--dryrun": the options are --scope, --dry-run and --force.'],
    [['--dry-run=yes'], 'Option --dry-run takes no value, received "yes".'],
    [['@acme'], 'Unexpected argument "@acme": pass the scope as an option, e.g. --scope @acme.'],
    [['acme'], 'Unexpected argument "acme": pass the scope as an option, e.g. --scope @acme.'],
  ])('refuses %p: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });
});
