/**
 * This process's CPU time (user + system) from now until the returned function is called, in µs
 * per message. On a machine shared with the broker and other jobs a rate moves with the load
 * around it; what one message costs the client moves far less, so scenarios report it next to
 * the rate (`details.client_cpu_us_per_msg`). The client only: the broker and Postgres are other
 * processes (see outbox-cpu.ts for Postgres).
 */
export function startCpuClock(): (messages: number) => number {
  const started = process.cpuUsage();
  return (messages) => {
    if (!(messages > 0))
      throw new RangeError(`Invalid message count, expected > 0 received ${messages}`);
    const spent = process.cpuUsage(started);
    return Math.round(((spent.user + spent.system) / messages) * 100) / 100;
  };
}
