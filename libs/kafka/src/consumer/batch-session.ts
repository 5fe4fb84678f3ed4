/**
 * Keeps one batch's group membership alive and notices when it is lost. kafkajs only heartbeats
 * when asked, and between batches; a handler longer than the session timeout would get the member
 * evicted, so a timer heartbeats while the batch runs. A failed heartbeat or commit means the group
 * is rebalancing (or evicted us): the batch must stop, flush its commits and hand the error back
 * to kafkajs, which rejoins.
 */
/**
 * Handlers that resolve at once make a fetched batch one long chain of microtasks, which holds the
 * event loop: a producer's acks, HTTP requests and timers in the same process wait for the whole
 * fetch. Every this many ms the batch lets them run.
 */
const YIELD_EVERY_MS = 2;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class BatchSession {
  private membershipError: { error: unknown } | undefined;
  private lastBetweenMessages = 0;
  private lastYield = Date.now();
  private readonly lost = new AbortController();
  private readonly ticker: NodeJS.Timeout;
  private combined: AbortSignal | undefined;

  private readonly betweenMessagesMs: number;

  constructor(
    private readonly sendHeartbeat: () => Promise<void>,
    heartbeatIntervalMs: number,
    private readonly shutdown: AbortSignal,
    private readonly clientRunning: () => boolean,
  ) {
    this.betweenMessagesMs = Math.floor(heartbeatIntervalMs / 10);
    // kafkajs skips a heartbeat sent sooner than the interval after the last one; ticking at half
    // the interval keeps the real gap close to the interval instead of up to twice it.
    this.ticker = setInterval(
      () => void this.heartbeat(),
      Math.max(50, Math.floor(heartbeatIntervalMs / 2)),
    );
    this.ticker.unref();
  }

  /** Aborts on shutdown or lost membership: waits end early, the message stays uncommitted. Built on first use; most batches never wait. */
  get signal(): AbortSignal {
    this.combined ??= AbortSignal.any([this.shutdown, this.lost.signal]);
    return this.combined;
  }

  /** Never rejects: a failure is recorded and ends the batch. */
  async heartbeat(): Promise<void> {
    if (this.membershipError) return;
    try {
      await this.sendHeartbeat();
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Between two messages. kafkajs sends at most one heartbeat per interval anyway; asking it only
   * every tenth of the interval saves a few promises per message without delaying the request.
   */
  betweenMessages(): Promise<void> | undefined {
    const now = Date.now();
    if (now - this.lastYield >= YIELD_EVERY_MS) {
      this.lastYield = now;
      return yieldToEventLoop();
    }
    if (now - this.lastBetweenMessages < this.betweenMessagesMs) return undefined;
    this.lastBetweenMessages = now;
    return this.heartbeat();
  }

  /** For handlers: like heartbeat(), but rejects so a long loop can stop early. */
  async heartbeatOrThrow(): Promise<void> {
    if (this.membershipError) throw this.membershipError.error;
    try {
      await this.sendHeartbeat();
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** Awaits a commit; its failure is treated like a failed heartbeat. */
  async guard(commit: Promise<void> | undefined): Promise<void> {
    if (!commit) return;
    try {
      await commit;
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error: unknown): void {
    this.membershipError ??= { error };
    this.lost.abort();
  }

  shouldStop(): boolean {
    return this.membershipError !== undefined || this.shutdown.aborted || !this.clientRunning();
  }

  get failure(): { error: unknown } | undefined {
    return this.membershipError;
  }

  close(): void {
    clearInterval(this.ticker);
  }
}
