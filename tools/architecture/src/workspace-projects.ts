import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the dependency rules need to know about one Nx project. */
export interface WorkspaceProject {
  /** The Nx project name (project.json `name`): what implicitDependencies list. */
  name: string;
  /** Workspace-relative, with `/`: libs/kafka. */
  root: string;
  /** apps/* are apps, libs/* libs, the rest (tools/*, generators) tools. */
  kind: 'app' | 'lib' | 'tool';
  tags: string[];
  /** `@platform/kafka`; apps have no package.json. */
  packageName?: string;
  /** Workspace packages named in dependencies/devDependencies/peerDependencies. */
  packageDependencies: string[];
  implicitDependencies: string[];
}

interface Manifest {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Every project of the npm workspaces (root package.json `workspaces`: `apps/*`, `libs/*`,
 * `generators`, `tools/*`) that has a project.json, as Nx sees it: the manifest's declared
 * dependencies and project.json's implicitDependencies are the only edges Nx 22 draws here (no
 * plugin analyses the source), so they are exactly what is read.
 */
export function readWorkspaceProjects(workspaceRoot: string): WorkspaceProject[] {
  const root = readJson<Manifest>(join(workspaceRoot, 'package.json')) ?? {};
  return (root.workspaces ?? [])
    .flatMap((pattern) => expand(workspaceRoot, pattern))
    .filter((dir) => existsSync(join(workspaceRoot, dir, 'project.json')))
    .map((dir) => readProject(workspaceRoot, dir))
    .sort((a, b) => a.root.localeCompare(b.root));
}

function readProject(workspaceRoot: string, dir: string): WorkspaceProject {
  const project =
    readJson<{ name?: string; tags?: string[]; implicitDependencies?: string[] }>(
      join(workspaceRoot, dir, 'project.json'),
    ) ?? {};
  const manifest = readJson<Manifest>(join(workspaceRoot, dir, 'package.json'));
  const top = dir.split('/')[0];
  return {
    name: project.name ?? dir.split('/').pop() ?? dir,
    root: dir,
    kind: top === 'apps' ? 'app' : top === 'libs' ? 'lib' : 'tool',
    tags: project.tags ?? [],
    packageName: manifest?.name,
    packageDependencies: Object.keys({
      ...manifest?.dependencies,
      ...manifest?.devDependencies,
      ...manifest?.peerDependencies,
    }).sort(),
    implicitDependencies: project.implicitDependencies ?? [],
  };
}

/** `libs/*` → its directories; `generators` → itself. No other glob is used by this workspace. */
function expand(workspaceRoot: string, pattern: string): string[] {
  if (!pattern.endsWith('/*')) return [pattern];
  const parent = pattern.slice(0, -2);
  const dir = join(workspaceRoot, parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);
}

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf-8')) as T) : undefined;
}
