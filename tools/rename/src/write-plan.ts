import { constants } from 'node:fs';
import { access, chmod, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RenameRefusedError, RenameWriteError } from './errors';
import { type FileEdit, type RenamePlan } from './plan';

/** How the plan reaches the disk; tests inject one that fails. */
export interface PlanWriter {
  /** Throws when the file, or its directory (the atomic rename writes there), is not writable. */
  checkWritable(path: string): Promise<void>;
  /** Replaces the file's content, all or nothing. */
  write(path: string, content: string): Promise<void>;
}

export const atomicWriter: PlanWriter = {
  async checkWritable(path) {
    await access(path, constants.W_OK);
    await access(dirname(path), constants.W_OK);
  },
  write: writeFileAtomic,
};

/**
 * A temp file beside the original, with its mode, flushed, then renamed over it: a crash or
 * Ctrl-C leaves the old content or the new one, never a truncated file.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const mode = (await stat(path)).mode & 0o7777;
  const temp = join(dirname(path), `.${basename(path)}.rename-${process.pid}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode); // open() applied the umask
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * The order edits are written in: path order, the root package.json last. The rename reads the
 * current scope from the root package.json, so until it is written a second run still sees the
 * old scope and finishes the job instead of saying "Nothing to do".
 */
export function writeOrder(edits: readonly FileEdit[]): FileEdit[] {
  const isRootManifest = (edit: FileEdit) => edit.path === 'package.json';
  return [...edits.filter((edit) => !isRootManifest(edit)), ...edits.filter(isRootManifest)];
}

export interface WritePlanOptions {
  writer?: PlanWriter;
  /** Paths git does not track: `git checkout` cannot restore them. */
  untracked?: ReadonlySet<string>;
  /**
   * Ctrl-C: the file being written is finished (each write is atomic), the rest are not started,
   * and the rename stops with the same report as a failed write.
   */
  signal?: AbortSignal;
}

/**
 * Writes a plan computed in full beforehand, one line of progress per file. Nothing is written
 * unless every file can be; should a write fail anyway, RenameWriteError says which files were
 * written and how to undo them.
 */
export async function writePlan(
  root: string,
  plan: RenamePlan,
  log: (line: string) => void,
  { writer = atomicWriter, untracked = new Set(), signal }: WritePlanOptions = {},
): Promise<void> {
  const edits = writeOrder(plan.edits);
  const readOnly: string[] = [];
  for (const edit of edits) {
    await writer.checkWritable(join(root, edit.path)).catch(() => readOnly.push(edit.path));
  }
  if (readOnly.length > 0)
    throw new RenameRefusedError(
      [
        `Cannot write ${readOnly.length} of the ${edits.length} files to rename (read-only file or directory); nothing was written:`,
        ...readOnly.map((path) => `  ${path}`),
        'Make them writable (chmod u+w) and run the rename again.',
      ].join('\n'),
    );

  const width = String(edits.length).length;
  const written: string[] = [];
  for (const [index, edit] of edits.entries()) {
    if (signal?.aborted) {
      const headline = `Interrupted before ${edit.path}.`;
      throw new RenameWriteError(report(plan, edits.length, written, headline, untracked), written);
    }
    try {
      await writer.write(join(root, edit.path), edit.content);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const headline = `Writing ${edit.path} failed (${reason}); fix that first.`;
      throw new RenameWriteError(report(plan, edits.length, written, headline, untracked), written);
    }
    written.push(edit.path);
    log(`  [${String(index + 1).padStart(width)}/${edits.length}] ${edit.path} (${edit.count})`);
  }
}

/** What a rename stopped partway wrote, and the two ways out: finish it or undo it. */
function report(
  plan: RenamePlan,
  total: number,
  written: readonly string[],
  headline: string,
  untracked: ReadonlySet<string>,
): string {
  const lines = [
    `${headline} The rename is incomplete: ${written.length} of ${total} files written${written.length > 0 ? ':' : '.'}`,
    ...written.map((path) => `  ${path}`),
    `package.json still names ${plan.from}, so running the rename again (with --force: the work tree is no longer clean) finishes it.`,
  ];
  const tracked = written.filter((path) => !untracked.has(path));
  const notInGit = written.filter((path) => untracked.has(path));
  if (tracked.length > 0)
    lines.push(`Or undo what was written: git checkout -- ${tracked.map(shellQuote).join(' ')}`);
  if (notInGit.length > 0)
    lines.push(
      `  (${notInGit.join(', ')}: not tracked by git, so git cannot restore ${notInGit.length === 1 ? 'it' : 'them'}; rename ${plan.to} back to ${plan.from} by hand)`,
    );
  return lines.join('\n');
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
