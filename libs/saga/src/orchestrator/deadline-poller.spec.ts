import { DEADLINE_FAILURES_BEFORE_ERROR, DeadlinePoller } from './deadline-poller';

type Logged = { level: 'warn' | 'error'; message: string; details?: Record<string, unknown> };

/** A poller whose rounds follow `outcomes` (true = the round worked), and what it logged. */
async function runRounds(outcomes: boolean[]): Promise<Logged[]> {
  const logged: Logged[] = [];
  const logger = {
    warn: (message: string, details?: Record<string, unknown>) =>
      logged.push({ level: 'warn', message, details }),
    error: (message: string, details?: Record<string, unknown>) =>
      logged.push({ level: 'error', message, details }),
  };
  let round = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const poller = new DeadlinePoller(
    async () => {
      const ok = outcomes[round++];
      if (round === outcomes.length) finish();
      if (ok === undefined) return 0;
      if (!ok) throw new Error('Connection terminated unexpectedly');
      return 0;
    },
    logger,
    { pollIntervalMs: 1 },
  );
  poller.start();
  await allDone;
  await poller.stop();
  return logged;
}

describe('DeadlinePoller', () => {
  it('warns about a round that fails once (a lost session heals by itself), then says it works again', async () => {
    const logged = await runRounds([true, false, true, true]);

    expect(logged.map(({ level, message }) => [level, message])).toEqual([
      ['warn', 'Saga deadline round failed; trying again next round'],
      ['warn', 'Saga deadline rounds work again'],
    ]);
    expect(logged[0].details).toMatchObject({
      failedRounds: 1,
      error: expect.objectContaining({ message: 'Connection terminated unexpectedly' }),
    });
    expect(logged[1].details).toEqual({ failedRounds: 1 });
  });

  it('turns to errors once rounds keep failing, and counts them', async () => {
    const failures = DEADLINE_FAILURES_BEFORE_ERROR + 1;
    const logged = await runRounds([...Array<boolean>(failures).fill(false), true]);

    const levels = logged.map(({ level }) => level);
    expect(levels).toEqual([
      ...Array(DEADLINE_FAILURES_BEFORE_ERROR - 1).fill('warn'),
      'error',
      'error',
      'warn', // works again
    ]);
    expect(logged[DEADLINE_FAILURES_BEFORE_ERROR - 1].message).toMatch(/deadlines are not firing/);
    expect(logged.at(-1)?.details).toEqual({ failedRounds: failures });
  });

  it("refuses a poll interval longer than Node's longest timer (it would fire after 1 ms, round after round)", () => {
    const logger = { warn: () => undefined, error: () => undefined };
    expect(() => new DeadlinePoller(async () => 0, logger, { pollIntervalMs: 2 ** 31 })).toThrow(
      `Invalid deadlines.pollIntervalMs, expected at most ${2 ** 31 - 1} (ms, Node's longest timer) received ${2 ** 31}`,
    );
  });

  it('keeps polling, and stops cleanly, when the logger itself throws', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let rounds = 0;
    const poller = new DeadlinePoller(
      async () => {
        rounds += 1;
        throw new Error('Connection terminated unexpectedly');
      },
      {
        warn: () => {
          throw new Error('logger down');
        },
        error: () => {
          throw new Error('logger down');
        },
      },
      { pollIntervalMs: 1 },
    );
    try {
      poller.start();
      while (rounds < 3) await new Promise((resolve) => setTimeout(resolve, 1));
      await poller.stop();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }

    expect(unhandled).toEqual([]);
  });

  it('logs nothing while rounds work', async () => {
    expect(await runRounds([true, true, true])).toEqual([]);
  });

  it('tells the round in progress that stop() was called, so it can end after its batch', async () => {
    const seen: boolean[] = [];
    let stopping: Promise<void> | undefined;
    const poller: DeadlinePoller = new DeadlinePoller(
      async (stopped) => {
        seen.push(stopped());
        stopping = poller.stop();
        seen.push(stopped());
        return 0;
      },
      { warn: () => undefined, error: () => undefined },
      { pollIntervalMs: 1 },
    );
    poller.start();
    while (!stopping) await new Promise((resolve) => setTimeout(resolve, 1));
    await stopping;

    expect(seen).toEqual([false, true]);
  });

  it('started again while stopping, still runs one round at a time and stops for good', async () => {
    let inRound = 0;
    let mostAtOnce = 0;
    let rounds = 0;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const poller = new DeadlinePoller(
      async () => {
        rounds += 1;
        mostAtOnce = Math.max(mostAtOnce, ++inRound);
        await sleep(20);
        inRound -= 1;
        return 0;
      },
      { warn: () => undefined, error: () => undefined },
      { pollIntervalMs: 1 },
    );
    poller.start();
    await sleep(5); // a round is running
    const stopping = poller.stop();
    poller.start();
    await stopping;
    await sleep(100);
    await poller.stop();
    const roundsAtStop = rounds;
    await sleep(50);

    expect(mostAtOnce).toBe(1);
    expect(rounds).toBe(roundsAtStop);
  });
});
