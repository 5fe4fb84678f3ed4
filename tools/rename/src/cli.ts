/**
 * npm run rename -- --scope @acme [--dry-run] [--force]
 */
import { parseRenameArgs, type RenameArgs, USAGE } from './args';
import { RenameRefusedError, RenameUsageError, RenameWriteError } from './errors';
import { renameWorkspace } from './rename';

export interface RenameIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The workspace root; defaults to the working directory (npm run starts there). */
  cwd?: string;
  /** Environment, to notice npm taking --scope for itself; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: the rename stops between two files and reports what it wrote. */
  signal?: AbortSignal;
}

/**
 * The whole CLI as a function, for tests: returns the exit code (0 ok, 1 refused or failed,
 * 2 bad input, 130 interrupted).
 */
export async function runRenameCli(argv: readonly string[], io: RenameIo): Promise<number> {
  let args: RenameArgs;
  try {
    args = parseRenameArgs(argv);
  } catch (error) {
    if (!(error instanceof RenameUsageError)) throw error;
    io.err(`rename: ${error.message}`);
    // `npm run rename --scope @acme` (no --) gives --scope to npm, which exports it.
    const npmScope = (io.env ?? process.env).npm_config_scope;
    if (argv.length === 0 && npmScope)
      io.err(`rename: npm took --scope ${npmScope} for itself: put -- before the tool's options.`);
    io.err(USAGE);
    return 2;
  }
  if (args.command === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    await renameWorkspace({ ...args, root: io.cwd ?? process.cwd(), signal: io.signal }, io.out);
    return 0;
  } catch (error) {
    if (error instanceof RenameUsageError) {
      io.err(`rename: ${error.message}`);
      return 2;
    }
    if (error instanceof RenameRefusedError || error instanceof RenameWriteError) {
      io.err(`rename: ${error.message}`);
      return error instanceof RenameWriteError && io.signal?.aborted ? 130 : 1;
    }
    io.err(`rename: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

/**
 * The first Ctrl-C lets the file being written finish and stops before the next, so the report
 * of what was written is right; a second one quits at once.
 */
function abortOnCtrlC(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error('rename: stopping after the file being written (Ctrl-C again to quit now)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}

if (require.main === module) {
  const signal = abortOnCtrlC();
  runRenameCli(process.argv.slice(2), { out: console.log, err: console.error, signal }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
