import { RenameRefusedError } from './errors';
import { checkWorkTree, uncommittedChanges, untrackedFiles, workspaceFiles } from './git';
import { planRename, type RenamePlan } from './plan';
import { checkScopeConflicts, scopePackages } from './scope-conflicts';
import { currentScope, readWorkspaceFiles } from './workspace';
import { type PlanWriter, writePlan } from './write-plan';

export interface RenameOptions {
  /** The workspace root: where the root package.json is. */
  root: string;
  /** The new scope, already checked by checkScope. */
  scope: string;
  dryRun: boolean;
  force: boolean;
  /** How files are written; tests inject one that fails. Defaults to atomic writes. */
  writer?: PlanWriter;
  /** Stops the writing between two files (the CLI aborts it on Ctrl-C). */
  signal?: AbortSignal;
}

export type RenameOutcome =
  | { kind: 'unchanged'; scope: string }
  | { kind: 'planned' | 'renamed'; plan: RenamePlan };

/** The whole rename: check, plan every edit, then print it (--dry-run) or write it. */
export async function renameWorkspace(
  options: RenameOptions,
  log: (line: string) => void,
): Promise<RenameOutcome> {
  const { root, scope: to } = options;
  const { scope: from, packageName } = await currentScope(root);
  if (from === to) {
    log(`Nothing to do: the workspace's scope is already ${to} (package.json: ${packageName}).`);
    return { kind: 'unchanged', scope: to };
  }
  await checkWorkTree(root);
  const files = await readWorkspaceFiles(root, await workspaceFiles(root));
  checkScopeConflicts(scopePackages(files), from, to);
  const dirty = await uncommittedChanges(root);
  if (dirty.length > 0 && !options.force) {
    const message = `The work tree has uncommitted changes (${describe(dirty)}). Commit or stash them first, so the rename is one diff of its own that you can review and revert; or pass --force to rename on top of them.`;
    if (!options.dryRun) throw new RenameRefusedError(message);
    log(`Note: ${message}`);
  }

  const plan = planRename(files, from, to);
  const summary = `${from} → ${to}: ${plan.edits.length} files, ${plan.replacements} places`;
  if (options.dryRun) {
    log(`Would rename ${summary}:`);
    for (const edit of plan.edits) log(`  ${String(edit.count).padStart(4)}  ${edit.path}`);
    logSkipped(plan, log);
    log('Dry run: nothing was written. Run again without --dry-run to apply it.');
    return { kind: 'planned', plan };
  }
  log(`Renaming ${summary}.`);
  await writePlan(root, plan, log, {
    writer: options.writer,
    untracked: await untrackedFiles(root),
    signal: options.signal,
  });
  logSkipped(plan, log);
  for (const line of nextSteps(plan)) log(line);
  return { kind: 'renamed', plan };
}

function describe(lines: string[]): string {
  const files = lines.slice(0, 3).map((line) => line.slice(3));
  return `${lines.length} ${lines.length === 1 ? 'path' : 'paths'}: ${files.join(', ')}${lines.length > 3 ? ', ...' : ''}`;
}

function logSkipped(plan: RenamePlan, log: (line: string) => void): void {
  if (plan.skipped.length === 0) return;
  log(`Left as they are (not UTF-8 text, yet they mention ${plan.from}): check them by hand:`);
  for (const path of plan.skipped) log(`  ${path}`);
}

function nextSteps(plan: RenamePlan): string[] {
  const packagesChanged = plan.edits.some((edit) => /(^|\/)package(-lock)?\.json$/.test(edit.path));
  const steps = ['Done. Next:'];
  if (packagesChanged) {
    steps.push(
      `  npm install   links node_modules/${plan.to}/* to the workspaces: until then imports of ${plan.to}/... do not resolve`,
    );
    if (plan.lockfileInNpmOrder === false)
      steps.push(
        '                (it also re-sorts package-lock.json, which npm had not written: commit that too)',
      );
    else if (plan.lockfileInNpmOrder)
      steps.push(
        '                (package-lock.json is already as npm writes it: npm install leaves it unchanged)',
      );
  }
  steps.push(
    `  git diff --stat && git commit -am "chore: rename the npm scope to ${plan.to}"   the rename as one commit`,
  );
  return steps;
}
