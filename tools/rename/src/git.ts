import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RenameRefusedError } from './errors';

const exec = promisify(execFile);

async function git(root: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('git', args, {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
      // Explicit: under jest, process.env is the test's copy (GIT_CEILING_DIRECTORIES, ...).
      env: process.env,
    });
    return stdout;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT')
      throw new RenameRefusedError('git is not installed: the rename works from git ls-files.');
    throw error;
  }
}

/** Refuses a root outside a git work tree, by git's answer and exit status, not its wording. */
export async function checkWorkTree(root: string): Promise<void> {
  let answer: string;
  try {
    answer = (await git(root, ['rev-parse', '--is-inside-work-tree'])).trim();
  } catch (error) {
    if (error instanceof RenameRefusedError) throw error;
    // Exit status 128: not a repository, or one git refuses (safe.directory): show git's reason.
    answer = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
  }
  if (answer !== 'true')
    throw new RenameRefusedError(
      `${root} is not a git work tree${answer && answer !== 'false' ? ` (${answer})` : ''}: the rename works from git's file list so that node_modules, dist and ignored files are never touched. Run it in a clone of your fork.`,
    );
}

/**
 * The files git would commit under root: tracked ones and untracked ones that are not ignored
 * (a new app not committed yet belongs to the workspace). Never node_modules, dist, .nx or any
 * other ignored path.
 */
export async function workspaceFiles(root: string): Promise<string[]> {
  const out = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  return [...new Set(out.split('\0').filter(Boolean))];
}

/** `git status --porcelain` lines under root: what is not committed yet, untracked files too. */
export async function uncommittedChanges(root: string): Promise<string[]> {
  const out = await git(root, ['status', '--porcelain', '--untracked-files=all', '--', '.']);
  return out.split('\n').filter(Boolean);
}

/** Untracked files under root that are not ignored: `git checkout` cannot restore them. */
export async function untrackedFiles(root: string): Promise<Set<string>> {
  const out = await git(root, ['ls-files', '-z', '--others', '--exclude-standard']);
  return new Set(out.split('\0').filter(Boolean));
}
