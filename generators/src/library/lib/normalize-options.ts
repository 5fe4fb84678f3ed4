import { getProjects, names, type Tree } from '@nx/devkit';
import { GeneratorInputError } from '../../lib/input-error';
import { parseListOption } from '../../lib/list-option';
import { validateLibraryName, validateSegmentName } from '../../lib/names';
import type { LibraryGeneratorSchema } from '../schema';

export interface NormalizedLibraryOptions {
  name: string;
  projectRoot: string;
  packageName: string;
  /** `money` → `money`, `order-history` → `orderHistory`. */
  propertyName: string;
  description: string;
  /** The layer:<layer> tag's layer. */
  layer: string;
  tags: string[];
  skipFormat: boolean;
}

/** Every check before anything is written: the name, then clashes with projects and packages. */
export function normalizeOptions(tree: Tree, options: LibraryGeneratorSchema): NormalizedLibraryOptions {
  validateLibraryName(options.name);
  const layer = options.layer ?? options.name;
  validateSegmentName(layer, 'layer', 'kafka-core');
  const projectRoot = `libs/${options.name}`;
  const packageName = `@platform/${options.name}`;
  assertNotEntryPoint(options.name, projectRoot);
  const clash = [...getProjects(tree).entries()].find(
    ([projectName, project]) => projectName === options.name || project.root === projectRoot || packageNameOf(tree, project.root) === packageName,
  );
  if (clash || tree.exists(projectRoot)) {
    throw new GeneratorInputError(
      `Cannot create library "${options.name}": ${clash ? `project ${clash[0]} (${clash[1].root}) already uses that name or ${packageName}` : `${projectRoot} already exists`}. Nothing was written.`,
      `nx g library ${options.name}-core`,
    );
  }
  return {
    name: options.name,
    projectRoot,
    packageName,
    propertyName: names(options.name).propertyName,
    description: options.description?.trim() || `TODO: the one concern ${packageName} owns.`,
    layer,
    tags: [...new Set(['scope:libs', `layer:${layer}`, ...parseListOption(options.tags)])],
    skipFormat: options.skipFormat ?? false,
  };
}

/**
 * The first source file is src/<name>.ts beside the entry point src/index.ts, which re-exports it:
 * for `index` the two are one file, and the entry point would import itself.
 */
function assertNotEntryPoint(name: string, projectRoot: string): void {
  if (name !== 'index') return;
  throw new GeneratorInputError(
    `Cannot create library "${name}": its first source file, ${projectRoot}/src/index.ts, would be the package's entry point (src/index.ts, which re-exports it). ` +
      'Pick another name; nothing was written.',
    `nx g library ${name}-core`,
  );
}

function packageNameOf(tree: Tree, root: string): string | undefined {
  const file = `${root}/package.json`;
  if (!tree.exists(file)) return undefined;
  try {
    return (JSON.parse(tree.read(file, 'utf-8') ?? '{}') as { name?: string }).name;
  } catch {
    return undefined;
  }
}
