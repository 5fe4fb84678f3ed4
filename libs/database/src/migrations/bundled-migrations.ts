import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a library's SQL migrations are: `migrations/<name>` next to main.js when the service runs
 * as a webpack bundle (its webpack.config.js copies them there), `libraryDir` otherwise (tests,
 * swc-node). `bundleDir` defaults to this file's folder: in a bundle this code is part of main.js,
 * so that is the bundle's folder; outside one, `migrations/<name>` is not there.
 */
export function bundledMigrationsDir(name: string, libraryDir: string, bundleDir = __dirname): string {
  const bundled = join(bundleDir, 'migrations', name);
  return existsSync(bundled) ? bundled : libraryDir;
}
