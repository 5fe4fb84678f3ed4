import {
  addProjectConfiguration,
  formatFiles,
  generateFiles,
  type GeneratorCallback,
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
  return () =>
    logger.info(`${normalized.packageName} is in ${normalized.projectRoot}. Run \`npm install\` to link it into node_modules before importing it elsewhere.`);
}

export default libraryGenerator;
