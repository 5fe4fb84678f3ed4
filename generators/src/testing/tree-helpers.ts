import type { Tree } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository's own docker-compose.yml, so compose edits are tested on the real file, minus
 * the services of apps/ (the reference services), so expectations such as the next free port do
 * not change whenever an app is added.
 */
export const REPO_COMPOSE = readFileSync(join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf-8').replace(
  /^ {2}[a-z][a-z0-9-]*-service:\n(?: {4}.*\n)*\n?/gm,
  '',
);

/** Every file of the tree with its content: compare before and after to prove nothing was written. */
export function treeContents(tree: Tree, dir = ''): Record<string, string> {
  const result: Record<string, string> = {};
  for (const child of tree.children(dir)) {
    const path = dir ? `${dir}/${child}` : child;
    if (tree.isFile(path)) result[path] = tree.read(path, 'utf-8') ?? '';
    else Object.assign(result, treeContents(tree, path));
  }
  return result;
}

/** The message a function throws, to check generators report exactly what @platform/naming says. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the function to throw');
}

/** Runs a generator that must refuse: returns its error and checks the tree is untouched. */
export async function expectRefusal(tree: Tree, run: () => Promise<unknown>): Promise<Error> {
  const before = treeContents(tree);
  let failure: unknown;
  try {
    await run();
  } catch (error) {
    failure = error;
  }
  if (!(failure instanceof Error)) throw new Error('expected the generator to refuse, but it succeeded');
  expect(treeContents(tree)).toEqual(before);
  return failure;
}

/** Marks a library as present, the way generators check for it. */
export function addLibrary(tree: Tree, name: string): void {
  tree.write(`libs/${name}/package.json`, JSON.stringify({ name: `@platform/${name}`, main: 'src/index.ts' }));
}
