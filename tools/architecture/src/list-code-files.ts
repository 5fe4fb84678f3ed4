import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/**
 * Every TypeScript and JavaScript file under a project's src, specs and fixtures included: the
 * dependency rules decide per file what a test-only import may do. (listSourceFiles leaves specs
 * out: an app's topics are what its runtime code handles.) Generator templates (`*.template`) are
 * text written into other projects, not this project's code.
 */
export function listCodeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listCodeFiles(path);
      return CODE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}
