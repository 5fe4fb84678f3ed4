import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './processes';

/**
 * Serialises `up`/`down` across processes (several Jest workers may ask for a broker at once).
 * A lock left by a dead process is taken over.
 */
export async function withLock<T>(
  home: string,
  work: () => Promise<T>,
  timeoutMs = 180_000,
): Promise<T> {
  const lockDir = join(home, 'lock');
  const ownerFile = join(lockDir, 'owner');
  mkdirSync(home, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(ownerFile, String(process.pid));
      break;
    } catch {
      const owner = Number(safeRead(ownerFile));
      if (owner && !isAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(
          `Timed out waiting for ${lockDir} (held by pid ${owner}). If no kafka-local command is ` +
            `running, that pid is another program now (the machine or container restarted): delete ` +
            `${lockDir} and try again.`,
        );
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
