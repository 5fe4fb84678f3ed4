export { runRenameCli, type RenameIo } from './cli';
export { parseRenameArgs, USAGE, type RenameArgs } from './args';
export { renameWorkspace, type RenameOptions, type RenameOutcome } from './rename';
export { planRename, type RenamePlan, type FileEdit, type WorkspaceFile } from './plan';
export { checkScope, scopeOfPackageName } from './scope';
export { replaceScope, scopePattern } from './replace-scope';
export { formatLikeNpm, rewriteLockfile, type LockfileRewrite } from './npm-lockfile';
export { RenameRefusedError, RenameUsageError, RenameWriteError } from './errors';
export { atomicWriter, writeOrder, writePlan, type PlanWriter } from './write-plan';
