/**
 * npm run compose:generate   rewrite the kafka-* and postgres services of docker-compose.yml
 *                            from src/cluster-settings.ts, keeping every other service.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { updateComposeFile } from './compose-file';
import { repoRoot } from './layout';

function main(): void {
  const file = join(repoRoot(), 'docker-compose.yml');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const after = updateComposeFile(before);
  if (after === before) {
    console.log(`compose:generate: ${file} is up to date`);
    return;
  }
  writeFileSync(file, after);
  console.log(`compose:generate: wrote ${file}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`compose:generate: ${(error as Error).message}`);
    process.exit(1);
  }
}
