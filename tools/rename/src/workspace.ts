import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RenameRefusedError } from './errors';
import { type WorkspaceFile } from './plan';
import { scopeOfPackageName } from './scope';

/** The workspace's scope: the one of the root package.json's name (`@scope/source`). */
export async function currentScope(root: string): Promise<{ scope: string; packageName: string }> {
  let manifest: { name?: unknown };
  try {
    manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new RenameRefusedError(
        `No package.json in ${root}: run the rename from the workspace root (npm run rename -- --scope @acme).`,
      );
    throw error;
  }
  const packageName = typeof manifest.name === 'string' ? manifest.name : '';
  const scope = scopeOfPackageName(packageName);
  if (scope === undefined)
    throw new RenameRefusedError(
      `The root package.json's name "${packageName}" has no npm scope: the rename reads the current scope from it (e.g. "@yourorg/source").`,
    );
  return { scope, packageName };
}

/** Reads the listed files; symlinks, submodules and files deleted from the work tree are skipped. */
export async function readWorkspaceFiles(
  root: string,
  paths: readonly string[],
): Promise<WorkspaceFile[]> {
  const files: WorkspaceFile[] = [];
  for (const path of paths) {
    const absolute = join(root, path);
    const stats = await lstat(absolute).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!stats?.isFile()) continue;
    files.push({ path, content: await readFile(absolute) });
  }
  return files;
}
