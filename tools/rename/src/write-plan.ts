import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RenamePlan } from './plan';

/**
 * Writes a plan computed in full beforehand, one line of progress per file. Rewriting in place
 * keeps each file's mode. Should the disk fail midway, the clean work tree the rename asks for
 * makes `git checkout -- .` the way back.
 */
export async function writePlan(
  root: string,
  plan: RenamePlan,
  log: (line: string) => void,
): Promise<void> {
  const width = String(plan.edits.length).length;
  for (const [index, edit] of plan.edits.entries()) {
    await writeFile(join(root, edit.path), edit.content, 'utf8');
    log(
      `  [${String(index + 1).padStart(width)}/${plan.edits.length}] ${edit.path} (${edit.count})`,
    );
  }
}
