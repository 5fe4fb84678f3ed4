import { readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { listCodeFiles } from './list-code-files';
import { readImports } from './read-imports';
import { isTestOnlyFile } from './test-only-file';
import type { WorkspaceProject } from './workspace-projects';

/** One import of one file, as the dependency rules judge it. */
export interface ProjectImport {
  /** The importing project (Nx name). */
  project: string;
  /** Workspace-relative, with `/`. */
  file: string;
  /** As written: `@platform/kafka`, `@nestjs/common`, `../../../orders-service/src/topic-catalog`. */
  specifier: string;
  /** A spec, spec helper or fixture (isTestOnlyFile). */
  testOnly: boolean;
  /** The other workspace project it reaches, by package name or by a relative path out of `project`. */
  target?: string;
  /** A package of the workspace's scope (`@platform/…`) that no project is named. */
  unknownWorkspacePackage?: boolean;
}

/**
 * The imports of every project's src that matter to the rules: those reaching another workspace
 * project, and third-party packages (`@nestjs/*` for the framework-free rule). Imports inside the
 * importing project are left out.
 */
export function collectImports(
  workspaceRoot: string,
  projects: readonly WorkspaceProject[],
): ProjectImport[] {
  const owners = projectOwners(projects);
  return projects.flatMap((project) =>
    listCodeFiles(join(workspaceRoot, project.root, 'src')).flatMap((path) => {
      const file = relative(workspaceRoot, path).split(sep).join('/');
      return readImports(file, readFileSync(path, 'utf-8')).flatMap((specifier) => {
        const found = specifier.startsWith('.')
          ? owners.byPath(posix.normalize(posix.join(posix.dirname(file), specifier)))
          : owners.byPackage(specifier);
        if (found === project.name) return [];
        if (specifier.startsWith('.') && found === undefined) return [];
        const fact: ProjectImport = {
          project: project.name,
          file,
          specifier,
          testOnly: isTestOnlyFile(file),
        };
        if (found) fact.target = found;
        else if (owners.inWorkspaceScope(specifier)) fact.unknownWorkspacePackage = true;
        return [fact];
      });
    }),
  );
}

/** Which project a package name or a workspace path belongs to. */
function projectOwners(projects: readonly WorkspaceProject[]) {
  const byPackage = new Map<string, string>();
  for (const p of projects) if (p.packageName) byPackage.set(p.packageName, p.name);
  const scopes = new Set([...byPackage.keys()].filter((n) => n.startsWith('@')).map(scopeOf));
  // The deepest root first: a project nested in another one's folder owns its own files.
  const roots = [...projects].sort((a, b) => b.root.length - a.root.length);
  return {
    byPackage: (specifier: string) => byPackage.get(packageOf(specifier)),
    byPath: (path: string) =>
      roots.find(({ root }) => path === root || path.startsWith(`${root}/`))?.name,
    inWorkspaceScope: (specifier: string) =>
      specifier.startsWith('@') && scopes.has(scopeOf(specifier)),
  };
}

/** `@platform/kafka/testing` → `@platform/kafka`; `kafkajs/x` → `kafkajs`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function scopeOf(name: string): string {
  return name.split('/')[0];
}
