import { posix } from 'node:path';
import { rewriteLockfile } from './npm-lockfile';
import { replaceScope } from './replace-scope';

export interface WorkspaceFile {
  /** Relative to the workspace root, with / separators (as git lists it). */
  path: string;
  content: Buffer;
}

export interface FileEdit {
  path: string;
  /** How many scope tokens the file had. */
  count: number;
  content: string;
}

export interface RenamePlan {
  from: string;
  to: string;
  edits: FileEdit[];
  replacements: number;
  /** Files that mention the scope but are not UTF-8 text: left as they are, the user decides. */
  skipped: string[];
  /** Whether a renamed package-lock.json is already in npm's own key order (undefined: none). */
  lockfileInNpmOrder?: boolean;
}

/** Every edit of the rename, computed before anything is written. Pure: files in, plan out. */
export function planRename(files: Iterable<WorkspaceFile>, from: string, to: string): RenamePlan {
  const plan: RenamePlan = { from, to, edits: [], replacements: 0, skipped: [] };
  for (const file of files) {
    const text = textOf(file.content);
    if (text === undefined) {
      if (file.content.includes(from)) plan.skipped.push(file.path);
      continue;
    }
    let edit: { text: string; count: number };
    if (posix.basename(file.path) === 'package-lock.json') {
      const rewrite = rewriteLockfile(text, from, to);
      if (rewrite.count > 0) plan.lockfileInNpmOrder = rewrite.inNpmOrder;
      edit = rewrite;
    } else {
      edit = replaceScope(text, from, to);
    }
    if (edit.count === 0) continue;
    plan.edits.push({ path: file.path, count: edit.count, content: edit.text });
    plan.replacements += edit.count;
  }
  plan.edits.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return plan;
}

/** The file as text, or undefined for binary (a NUL byte, as git decides) or non-UTF-8 content. */
function textOf(content: Buffer): string | undefined {
  if (content.subarray(0, 8000).includes(0)) return undefined;
  const text = content.toString('utf8');
  // Decoding replaces invalid bytes; writing such text back would corrupt the file.
  return Buffer.from(text, 'utf8').equals(content) ? text : undefined;
}
