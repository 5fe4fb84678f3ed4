import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The TypeScript an app runs: every .ts under its src, specs left out (they subscribe to anything). */
export function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listSourceFiles(path);
      return entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.spec.ts') &&
        !entry.name.endsWith('.d.ts')
        ? [path]
        : [];
    })
    .sort();
}
