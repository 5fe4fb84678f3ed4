import { existsSync, readFileSync, rmSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A pid is ours only if that process still runs our node's config: pids get reused.
 * The config path must be a whole argument (not a substring), so another home whose path
 * happens to end with ours is never mistaken for it.
 */
export function isOurProcess(pid: number, configFile: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(configFile);
  } catch {
    return false;
  }
}

/** The pid recorded for a node if that process is still our broker; a stale pid file is removed. */
export function runningPid(pidFile: string, configFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isOurProcess(pid, configFile)) return pid;
  rmSync(pidFile, { force: true });
  return undefined;
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return !isAlive(pid);
}

/** SIGTERM first so the broker flushes and closes its logs cleanly; SIGKILL only after the timeout. */
export async function stopProcesses(pids: number[], timeoutMs: number): Promise<void> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (const pid of pids) {
    if (!(await waitForExit(pid, timeoutMs))) signal(pid, 'SIGKILL');
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
