import { posix } from 'node:path';
import { RenameUsageError } from './errors';
import { type WorkspaceFile } from './plan';
import { scopeOfPackageName } from './scope';

const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

export interface ScopePackages {
  /** Names of the workspace's own packages: the name of every package.json. */
  workspace: Set<string>;
  /** Other packages, by name → where they are named (package-lock.json, libs/x/package.json). */
  dependencies: Map<string, string[]>;
}

/**
 * The workspace's own packages and its dependencies, from the package.json files and the root
 * package-lock.json's `packages` (installed entries; workspace links are the workspace's own).
 */
export function scopePackages(files: readonly WorkspaceFile[]): ScopePackages {
  const workspace = new Set<string>();
  const named: [name: string, where: string][] = [];
  for (const file of files) {
    const base = posix.basename(file.path);
    if (base !== 'package.json' && file.path !== 'package-lock.json') continue;
    const data = parseJson(file.content);
    if (data === undefined) continue;
    if (base === 'package.json') {
      if (typeof data.name === 'string') workspace.add(data.name);
      for (const field of DEPENDENCY_FIELDS)
        for (const name of Object.keys(objectAt(data, field))) named.push([name, file.path]);
    } else {
      for (const [location, entry] of Object.entries(objectAt(data, 'packages'))) {
        const name = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(location)?.[1];
        if (name !== undefined && (entry as { link?: unknown }).link !== true)
          named.push([name, file.path]);
      }
    }
  }
  const dependencies = new Map<string, string[]>();
  for (const [name, where] of named) {
    if (workspace.has(name)) continue;
    const places = dependencies.get(name) ?? [];
    if (!places.includes(where)) places.push(where);
    dependencies.set(name, places);
  }
  return { workspace, dependencies };
}

/**
 * Refuses a rename that would break a dependency:
 * - one under the current scope: every `<from>` token is renamed, so `<from>/logger` would become
 *   a `<to>/logger` that does not exist;
 * - one that has the name a workspace package gets: `<to>/kafka` installed from npm and the
 *   workspace's `<from>/kafka` renamed to it.
 * Other packages under `<to>` are fine: a company's own npm org is the usual choice.
 */
export function checkScopeConflicts(packages: ScopePackages, from: string, to: string): void {
  const dependencies = [...packages.dependencies.keys()].sort();

  const foreign = dependencies.filter((name) => scopeOfPackageName(name) === from);
  if (foreign.length > 0)
    throw new RenameUsageError(
      [
        `Scope ${from} also holds packages that are not in this workspace:`,
        ...foreign.map((name) => `  ${name} (${packages.dependencies.get(name)?.join(', ')})`),
        `The rename replaces every ${from} token and cannot tell these from the workspace's own packages: it would point them to ${to}/... names that do not exist. Remove them from your dependencies, rename, then add them back and restore their imports; or rename by hand.`,
      ].join('\n'),
    );

  const collisions = [...packages.workspace]
    .filter((name) => scopeOfPackageName(name) === from)
    .map((name) => [name, `${to}${name.slice(from.length)}`])
    .filter(([, renamed]) => packages.dependencies.has(renamed))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (collisions.length > 0)
    throw new RenameUsageError(
      [
        `Renaming to ${to} would give workspace packages the names of dependencies you have:`,
        ...collisions.map(
          ([name, renamed]) =>
            `  ${name} → ${renamed}, a dependency (${packages.dependencies.get(renamed)?.join(', ')})`,
        ),
        `npm cannot install a package and link a workspace under one name. Choose another scope, or give those workspace packages other names first.`,
      ].join('\n'),
    );
}

function parseJson(content: Buffer): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(content.toString('utf8'));
    return isObject(data) ? data : undefined;
  } catch {
    return undefined; // not JSON: nothing to learn from it
  }
}

function objectAt(data: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = data[key];
  return isObject(value) ? value : {};
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
