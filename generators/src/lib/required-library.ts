import type { Tree } from '@nx/devkit';
import { GeneratorInputError } from './input-error';

/**
 * Features built on a library that may not have landed yet (outbox, saga) are checked when the
 * generator runs, against the tree it runs on: present → generate, absent → refuse, write nothing.
 */
export function hasLibrary(tree: Tree, lib: string): boolean {
  return tree.exists(`libs/${lib}/package.json`);
}

export function requireLibrary(tree: Tree, lib: string, feature: string, example: string): void {
  if (hasLibrary(tree, lib)) return;
  throw new GeneratorInputError(
    `${feature} needs the ${lib} library (libs/${lib}/package.json), which is not in this workspace yet. ` +
      'Generate without it now and add it once the library has landed; nothing was written.',
    example,
  );
}
