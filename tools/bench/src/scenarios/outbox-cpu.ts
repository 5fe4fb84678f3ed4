import { readFileSync } from 'node:fs';
import type { Database } from '@platform/database';

// CPU time per message: on a machine shared with the broker, Postgres and other jobs, a rate
// moves with the load around it; the CPU one message costs moves far less.

/** CPU time (ms) of this database's Postgres backends by pid, when they run on this machine. */
export type BackendCpu = ReadonlyMap<number, number>;

const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

/**
 * Reads /proc/<pid>/stat of the backends serving `db`'s database. Only processes whose command
 * line says they are a Postgres backend of that database count: a server in a container or on
 * another host has pids that mean nothing here, and then nothing is returned.
 */
export async function backendCpu(db: Database): Promise<BackendCpu> {
  const { rows } = await db.query<{ pid: number; datname: string }>(
    'SELECT pid, datname FROM pg_stat_activity WHERE datname = current_database()',
  );
  const cpu = new Map<number, number>();
  for (const { pid, datname } of rows) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${datname} `)) continue;
      // Fields after "(comm) ": state is the first, utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS);
    } catch {
      // Not on this machine, or gone since.
    }
  }
  return cpu;
}

/** Backend CPU used between two readings (backends that started in between count from zero); undefined when none was readable. */
export function backendCpuSpent(before: BackendCpu, after: BackendCpu): number | undefined {
  if (after.size === 0) return undefined;
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}
