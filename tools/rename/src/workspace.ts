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

/**
 * Scopes of installed dependencies (package-lock.json, workspace links excluded). Workspace
 * packages under one of these would clash with real packages: @nestjs/testing, for instance.
 */
export async function dependencyScopes(root: string): Promise<Map<string, string>> {
  const scopes = new Map<string, string>(); // scope → one package of it, for the message
  let lock: { packages?: Record<string, { link?: boolean }> };
  try {
    lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as typeof lock;
  } catch {
    return scopes; // no (readable) lockfile: nothing to compare with
  }
  for (const [location, entry] of Object.entries(lock.packages ?? {})) {
    const name = /(?:^|\/)node_modules\/(@[^/]+\/[^/]+)$/.exec(location)?.[1];
    if (name === undefined || entry.link) continue;
    const scope = scopeOfPackageName(name);
    if (scope !== undefined && !scopes.has(scope)) scopes.set(scope, name);
  }
  return scopes;
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
