import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RenameRefusedError } from './errors';

const exec = promisify(execFile);

async function git(root: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('git', args, { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === 'ENOENT')
      throw new RenameRefusedError('git is not installed: the rename works from git ls-files.');
    if (stderr?.includes('not a git repository'))
      throw new RenameRefusedError(
        `${root} is not a git work tree: the rename works from git's file list so that node_modules, dist and ignored files are never touched. Run it in a clone of your fork.`,
      );
    throw error;
  }
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
