import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './processes';

/**
 * A takeover holds its lock for a few file calls, and a new lock gets its owner file right after
 * it is made: either one still like that after this long was left by a process that was killed.
 */
const STALE_MS = 10_000;

/**
 * Serialises `up`/`down` across processes (several Jest workers may ask for a broker at once).
 * A lock left by a dead process is taken over, and so is one that never got its owner's pid.
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
  while (!created(lockDir)) {
    const owner = Number(safeRead(ownerFile));
    if (abandoned(lockDir, owner)) removeDeadLock(lockDir, ownerFile, owner);
    else if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${lockDir} (held by pid ${owner}). If no kafka-local command is ` +
          `running, that pid is another program now (the machine or container restarted): delete ` +
          `${lockDir} and try again.`,
      );
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    // Inside: a lock whose owner file could not be written (a full disk) is released, not kept.
    writeFileSync(ownerFile, String(process.pid));
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** False when it exists already; any other failure (no permission) is no lock to wait for. */
function created(dir: string): boolean {
  try {
    mkdirSync(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Its owner is dead, or it has had no owner for longer than making one takes. */
function abandoned(lockDir: string, owner: number): boolean {
  return owner ? !isAlive(owner) : Date.now() - modifiedAt(lockDir) > STALE_MS;
}

/**
 * Removes the lock of a dead owner, unless someone took it over since. Two callers that both saw
 * the owner dead would otherwise each remove "the" lock, the second one the lock the first had
 * just taken, and both would run: two `up`s starting the same brokers, one left without a pid
 * file. So takeovers run one at a time, each checking the owner again first.
 */
function removeDeadLock(lockDir: string, ownerFile: string, deadOwner: number): void {
  const takeover = `${lockDir}.takeover`;
  try {
    mkdirSync(takeover);
  } catch {
    // Another caller is taking over now; the next round looks again.
    if (Date.now() - modifiedAt(takeover) > STALE_MS)
      rmSync(takeover, { recursive: true, force: true });
    return;
  }
  try {
    if (Number(safeRead(ownerFile)) === deadOwner && abandoned(lockDir, deadOwner))
      rmSync(lockDir, { recursive: true, force: true });
  } finally {
    rmSync(takeover, { recursive: true, force: true });
  }
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
