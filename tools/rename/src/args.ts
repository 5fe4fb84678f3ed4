import { RenameUsageError } from './errors';
import { checkScope } from './scope';

export const USAGE = `usage:
  npm run rename -- --scope @acme [--dry-run] [--force]

  --scope @acme  the fork's npm scope: every workspace package, import and reference moves to it
  --dry-run      print every file to change and how many places, write nothing
  --force        rename even though the work tree has uncommitted changes
Keep the -- after "npm run rename": npm has a --scope option of its own.`;

export type RenameArgs =
  | { command: 'help' }
  | { command: 'rename'; scope: string; dryRun: boolean; force: boolean };

/** Throws RenameUsageError naming the bad argument and what to type instead. */
export function parseRenameArgs(argv: readonly string[]): RenameArgs {
  if (
    (argv.length === 1 && argv[0] === 'help') ||
    argv.some((arg) => arg === '--help' || arg === '-h')
  )
    return { command: 'help' };
  let scope: string | undefined;
  let dryRun = false;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new RenameUsageError(
        `Unexpected argument "${arg}": pass the scope as an option, e.g. --scope ${arg.startsWith('@') ? arg : '@acme'}.`,
      );
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    if (name === '--dry-run' || name === '--force') {
      if (inline !== undefined)
        throw new RenameUsageError(`Option ${name} takes no value, received "${inline}".`);
      if (name === '--dry-run') dryRun = true;
      else force = true;
      continue;
    }
    if (name !== '--scope')
      throw new RenameUsageError(
        `Unknown option "${name}": the options are --scope, --dry-run and --force.`,
      );
    if (scope !== undefined) throw new RenameUsageError('Give --scope once.');
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new RenameUsageError('Option --scope needs a value, e.g. --scope @acme.');
    scope = checkScope(value);
  }
  if (scope === undefined)
    throw new RenameUsageError('Missing --scope: npm run rename -- --scope @acme.');
  return { command: 'rename', scope, dryRun, force };
}
