import {
  addProjectConfiguration,
  formatFiles,
  generateFiles,
  type GeneratorCallback,
  getProjects,
  logger,
  offsetFromRoot,
  type Tree,
} from '@nx/devkit';
import { join } from 'node:path';
import { normalizeOptions } from './lib/normalize-options';
import type { LibraryGeneratorSchema } from './schema';

/** `nx g library money`: libs/money as @platform/money, like the libraries already there. */
export async function libraryGenerator(tree: Tree, options: LibraryGeneratorSchema): Promise<GeneratorCallback> {
  const normalized = normalizeOptions(tree, options);
  const knownLayers = layersInUse(tree);
  addProjectConfiguration(tree, normalized.name, {
    root: normalized.projectRoot,
    sourceRoot: `${normalized.projectRoot}/src`,
    projectType: 'library',
    tags: normalized.tags,
    targets: { typecheck: {} },
  });
  generateFiles(tree, join(__dirname, 'files'), normalized.projectRoot, {
    ...normalized,
    offsetFromRoot: offsetFromRoot(normalized.projectRoot),
  });
  if (!normalized.skipFormat) await formatFiles(tree);
  // npm workspaces link @platform/<name> into node_modules on the next install; the generator
  // never runs it (the lock file changes with it, which is the owner's decision).
  return () => {
    logger.info(`${normalized.packageName} is in ${normalized.projectRoot}. Run \`npm install\` to link it into node_modules before importing it elsewhere.`);
    if (knownLayers.length > 0 && !knownLayers.includes(normalized.layer)) logger.warn(newLayerWarning(normalized.layer, knownLayers));
  };
}

/** The layers the workspace's libraries are tagged with (layer:<name>), sorted. */
function layersInUse(tree: Tree): string[] {
  const layers = [...getProjects(tree).values()].flatMap((project) =>
    (project.tags ?? []).filter((tag) => tag.startsWith('layer:')).map((tag) => tag.slice('layer:'.length)),
  );
  return [...new Set(layers)].sort();
}

/**
 * tools/architecture's dependency check places every lib by its layer: a layer it does not know
 * fails it (on purpose: someone has to say what the new layer may import). Said now, not in CI.
 */
function newLayerWarning(layer: string, known: string[]): string {
  return [
    `layer:${layer} is a new layer: the dependency check (tools/architecture) fails until it knows what it may import.`,
    `Pass --layer with one of ${known.join(', ')}, or add ${layer} to MAY_IMPORT in tools/architecture/src/layers.ts.`,
  ].join('\n');
}

export default libraryGenerator;
