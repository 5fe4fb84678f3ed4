import {
  getProjects,
  joinPathFragments,
  readProjectConfiguration,
  type Tree,
  updateProjectConfiguration,
  visitNotIgnoredFiles,
} from '@nx/devkit';
import { posix } from 'node:path';

/** `from '@platform/kafka'`, `from "../../../orders-service/src/topic-catalog"`, require(...), import(...). */
const MODULE_SPECIFIER = /(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/g;

/**
 * Declares, as the project's `implicitDependencies`, the workspace projects its sources import:
 * libraries by package name (`@platform/kafka` → kafka) and other projects reached by relative
 * path (a service importing another service's catalog or commands). A service has no
 * package.json, and Nx 22 links projects only through declared dependencies: without this its
 * typecheck and test results were read from the cache after a library they use changed, and
 * `nx affected` left it out. Existing entries are kept (a hand-written one may have a reason).
 */
export function declareWorkspaceDependencies(tree: Tree, projectName: string): void {
  const project = readProjectConfiguration(tree, projectName);
  const owners = projectOwners(tree);
  const found = new Set<string>();
  visitNotIgnoredFiles(tree, joinPathFragments(project.root, 'src'), (file) => {
    if (!file.endsWith('.ts')) return;
    const source = tree.read(file, 'utf-8') ?? '';
    for (const [, specifier] of source.matchAll(MODULE_SPECIFIER)) {
      const owner = specifier.startsWith('.')
        ? owners.byPath(posix.join(posix.dirname(file), specifier))
        : owners.byPackage(specifier);
      if (owner && owner !== projectName) found.add(owner);
    }
  });
  const declared = new Set([...(project.implicitDependencies ?? []), ...found]);
  if (declared.size === (project.implicitDependencies ?? []).length) return;
  updateProjectConfiguration(tree, projectName, {
    ...project,
    implicitDependencies: [...declared].sort(),
  });
}

/** Which project a package name or a workspace path belongs to. */
function projectOwners(tree: Tree) {
  const roots: { root: string; name: string }[] = [];
  const packages = new Map<string, string>();
  for (const [name, project] of getProjects(tree)) {
    roots.push({ root: project.root, name });
    const manifest = joinPathFragments(project.root, 'package.json');
    if (!tree.exists(manifest)) continue;
    const packageName = (JSON.parse(tree.read(manifest, 'utf-8') ?? '{}') as { name?: string })
      .name;
    if (packageName) packages.set(packageName, name);
  }
  // The deepest root first: a project nested in another one's folder owns its own files.
  roots.sort((a, b) => b.root.length - a.root.length);
  return {
    byPackage(specifier: string): string | undefined {
      const [scopeOrName, name] = specifier.split('/');
      return packages.get(scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName);
    },
    byPath(path: string): string | undefined {
      return roots.find(
        ({ root }) => root !== '.' && (path === root || path.startsWith(`${root}/`)),
      )?.name;
    },
  };
}
