import type { AttemptLedger, PendingForward } from './attempt-ledger';
import { BatchSession } from './batch-session';
import type { CommitTracker } from './commit-tracker';
import type { ConsumerConfig } from './consumer-config';
import {
  type ConsumedMessage,
  deadLetterRecord,
  type FailedMessage,
  type RecordSender,
  retryRecord,
} from './dead-letter';
import { decodeEvent } from './decode-event';
import type { EventEnvelope } from '../envelope';
import type { EventBatchHandler, EventBatchItem } from './event-consumer';
import { MessageContext } from './message-context';
import type { CommitFunction, OffsetCommitter } from './offset-committer';
import { FIRST_DELIVERY, readRetryState, type RetryState } from './retry-headers';
import { defaultRetryPolicy, orderedRetryPolicy, type RetryPolicy } from './retry-policy';
import { MAX_TIMER_MS } from '../timers';
import { sleep } from './sleep';
import type { TopicRoute } from './subscriptions';

/** One fetched batch of one partition, as the client library hands it over. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: readonly ConsumedMessage[];
  /** The batch's last offset, including a trailing transaction marker the client filtered out. */
  lastOffset: string;
  /** Where the client resumes fetching this partition: after `offset`. */
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  commit: CommitFunction;
  isRunning(): boolean;
}

export interface PartitionPauser {
  /** Stops fetching the partition; resumes after `resumeAfterMs`, or not before a restart when undefined. */
  pause(topic: string, partition: number, resumeAfterMs: number | undefined): void;
}

export interface PartitionRunnerDeps {
  config: ConsumerConfig;
  tracker: CommitTracker;
  committer: OffsetCommitter;
  ledger: AttemptLedger;
  send: RecordSender;
  pauser: PartitionPauser;
  /** Aborted when stop() begins. */
  shutdown: AbortSignal;
  /** Aborted when stop() gave up waiting for the batches in flight: they stop heartbeating, so the group moves on without them. */
  abandoned?: AbortSignal;
  now?: () => number;
  random?: () => number;
}

/** finished: handled or durably forwarded, so committable; deferred: the partition is paused and the message comes back; aborted: stopping. */
type Outcome = 'finished' | 'deferred' | 'aborted';

type HandlerResult = { ok: true } | { ok: false; error: unknown };

const HANDLED: HandlerResult = { ok: true };

/** A first delivery: no retry topic, no retry in place yet. */
const FIRST_ATTEMPT = 1;

/**
 * Handles a partition's batch strictly in order (one key's events stay in order), marks each
 * finished offset committable, and turns failures into in-place retries, retry-topic or
 * dead-letter records, or a stopped partition, as the topic's retry policy decides.
 */
export class PartitionRunner {
  private readonly now: () => number;
  private readonly defaultPolicy: RetryPolicy;
  private readonly orderedPolicy: RetryPolicy;

  constructor(private readonly deps: PartitionRunnerDeps) {
    this.now = deps.now ?? Date.now;
    this.defaultPolicy = defaultRetryPolicy(deps.config.retry, deps.random);
    this.orderedPolicy = orderedRetryPolicy(deps.config.ordered, deps.random);
  }

  /** Rejects only when group membership was lost (or a commit failed), with the client's error, so it rejoins. */
  async run(batch: PartitionBatch): Promise<void> {
    const { config, tracker, committer } = this.deps;
    const route = config.routes.get(batch.topic);
    // kafkajs drops topics it was not subscribed to; reaching this is a bug, not a message to skip.
    if (!route)
      throw new Error(
        `Received a batch of "${batch.topic}", which this consumer did not subscribe to`,
      );
    const offsets = tracker.partition(batch.topic, batch.partition);
    if (batch.messages.length > 0) {
      const gone = offsets.skipGoneBefore(batch.messages[0].offset);
      if (gone !== undefined)
        config.logger.warn(
          'Messages that waited for a retry are gone from the log (compacted or past retention); going on from the first one left',
          {
            topic: batch.topic,
            partition: batch.partition,
            from: String(gone),
            to: batch.messages[0].offset,
          },
        );
    }
    committer.use(batch.commit);
    const abandoned = this.deps.abandoned;
    const session = new BatchSession(
      () => (abandoned?.aborted ? Promise.resolve() : batch.heartbeat()),
      config.heartbeatIntervalMs,
      this.deps.shutdown,
      () => batch.isRunning(),
    );
    // Resolved once per batch, not per message (kafkajs does 64-bit Long math on each call).
    let lastFinished: string | undefined;
    // A paused retry of this partition is picked up one message at a time.
    const handleBatch = this.deps.ledger.has(batch.topic, batch.partition)
      ? undefined
      : route.handleBatch;
    // A catalog topic's message with no retry of this partition paused: nothing to wait for, no
    // retry state to read. The ledger gets an entry for this partition only when this batch
    // defers a message, which ends the batch, so checking once is enough.
    const firstDeliveries = route.hop === 0 && !this.deps.ledger.has(batch.topic, batch.partition);
    try {
      let finishedAll = true;
      const { messages } = batch;
      // Messages before this index are handled one at a time: their batch failed.
      let oneByOneUntil = 0;
      for (let index = 0; index < messages.length; ) {
        if (session.shouldStop()) {
          finishedAll = false;
          break;
        }
        if (handleBatch && index >= oneByOneUntil) {
          const items = this.decodeRun(messages, index, route, batch, session);
          if (items.length > 0) {
            // Read from our messages, not from `items`: a handler that empties or reorders the
            // array it was given must not change what is committed (an emptied one looped forever).
            const end = index + items.length;
            const result = await this.tryBatch(handleBatch, items);
            if (result.ok) {
              for (let handled = index; handled < end; handled++) {
                const offset = BigInt(messages[handled].offset);
                offsets.start(offset);
                offsets.finish(offset);
              }
              index = end;
              lastFinished = messages[index - 1].offset;
              const commit = committer.afterMessage();
              if (commit) await session.guard(commit);
              const heartbeat = session.betweenMessages();
              if (heartbeat) await heartbeat;
              continue;
            }
            // As with a single message: a lost membership means redelivery, not retries.
            if (session.failure) {
              finishedAll = false;
              break;
            }
            this.batchFailed(batch, messages.slice(index, end), result.error);
            oneByOneUntil = end;
            // stop() began meanwhile: its messages come again after a restart, not one by one now.
            if (session.shouldStop()) {
              finishedAll = false;
              break;
            }
          }
        }
        const message = messages[index];
        const offset = BigInt(message.offset);
        offsets.start(offset);
        let outcome: Outcome = 'finished';
        if (firstDeliveries) {
          // The first try inline: one await per message, the handler's own. Only a failure goes
          // on to handle() and the retry policy.
          let failed: HandlerResult | undefined;
          try {
            await this.callHandler(message, route, batch, session, FIRST_ATTEMPT);
          } catch (error) {
            failed = { ok: false, error };
          }
          if (failed) outcome = await this.handle(message, route, batch, session, failed);
        } else {
          outcome = await this.handle(message, route, batch, session);
        }
        if (outcome !== 'finished') {
          finishedAll = false;
          break;
        }
        lastFinished = message.offset;
        offsets.finish(offset);
        index++;
        // Awaited only when there is something to wait for: an await per message is measurable.
        const commit = committer.afterMessage();
        if (commit) await session.guard(commit);
        const heartbeat = session.betweenMessages();
        if (heartbeat) await heartbeat;
      }
      const lastMessage = batch.messages[batch.messages.length - 1];
      if (finishedAll && lastMessage && lastMessage.offset !== batch.lastOffset) {
        // Past a trailing transaction marker too, or the group's lag would never reach 0.
        const marker = BigInt(batch.lastOffset);
        offsets.start(marker);
        offsets.finish(marker);
      }
      if (!session.shouldStop()) await session.guard(committer.afterBatch());
    } finally {
      // Where kafkajs fetches this partition next: after the last finished message, so a paused or
      // aborted one comes back.
      if (lastFinished !== undefined) batch.resolveOffset(lastFinished);
      session.close();
      // Before kafkajs rejoins (new assignment) or leaves the group, commit what is finished.
      if (session.failure || this.deps.shutdown.aborted) {
        await committer
          .commit()
          .catch((error) => config.logger.warn('Could not commit finished offsets', { error }));
      }
    }
    if (session.failure) throw session.failure.error;
  }

  /**
   * The messages from `start` on that decode, up to the first that does not (it goes the
   * one-at-a-time way, to the dead-letter topic). First deliveries only: the route is the catalog
   * topic's and the ledger has nothing for this partition.
   */
  private decodeRun(
    messages: readonly ConsumedMessage[],
    start: number,
    route: TopicRoute,
    batch: PartitionBatch,
    session: BatchSession,
  ): EventBatchItem[] {
    const items: EventBatchItem[] = [];
    for (let index = start; index < messages.length; index++) {
      const message = messages[index];
      let event: EventEnvelope;
      try {
        event = decodeEvent(route.definition, message);
      } catch {
        break;
      }
      items.push({
        event,
        context: new MessageContext(
          batch.topic,
          route.sourceTopic,
          batch.partition,
          message,
          FIRST_ATTEMPT,
          session,
        ),
      });
    }
    return items;
  }

  private async tryBatch(
    handleBatch: EventBatchHandler,
    items: readonly EventBatchItem[],
  ): Promise<HandlerResult> {
    try {
      await handleBatch(items);
      return HANDLED;
    } catch (error) {
      return { ok: false, error };
    }
  }

  private batchFailed(
    batch: PartitionBatch,
    failed: readonly ConsumedMessage[],
    error: unknown,
  ): void {
    const where = {
      topic: batch.topic,
      partition: batch.partition,
      firstOffset: failed[0].offset,
      lastOffset: failed[failed.length - 1].offset,
    };
    this.deps.config.onEvent({ type: 'batch-failed', ...where, error });
    this.deps.config.logger.warn(
      `A batch handler failed on ${failed.length} messages; handling them one by one`,
      { ...where, error },
    );
  }

  /** Decodes and calls the handler: what the handler returns, or the error either throws. */
  private callHandler(
    message: ConsumedMessage,
    route: TopicRoute,
    batch: PartitionBatch,
    session: BatchSession,
    attempt: number,
  ): Promise<void> {
    const event = decodeEvent(route.definition, message);
    return route.handler(
      event,
      new MessageContext(
        batch.topic,
        route.sourceTopic,
        batch.partition,
        message,
        attempt,
        session,
      ),
    );
  }

  /** `first`: the outcome of the first try, when the caller already made it. */
  private async handle(
    message: ConsumedMessage,
    route: TopicRoute,
    batch: PartitionBatch,
    session: BatchSession,
    first?: HandlerResult,
  ): Promise<Outcome> {
    const { ledger } = this.deps;
    // Only retry topics carry retry state; on a catalog topic such headers are someone else's.
    const retryState = route.hop > 0 ? readRetryState(message.headers) : FIRST_DELIVERY;
    const entry = ledger.take(batch.topic, batch.partition, message.offset);
    let attemptInHop = entry?.attemptsInHop ?? 0;
    // A retry-topic message waits for its due time; a paused one for what was decided when it
    // paused (its due time, a backoff, or a failed forward's wait).
    const notBefore = entry ? (entry.notBefore ?? 0) : this.dueAt(retryState, route, message);
    if (notBefore > this.now()) {
      const waited = await this.waitUntil(notBefore, message, batch, session, {
        attemptsInHop: attemptInHop,
        pendingForward: entry?.pendingForward,
      });
      if (waited !== 'finished') return waited;
    }
    // The handler already had its tries; only the broker's ack is missing.
    if (entry?.pendingForward)
      return this.forward(message, route, batch, retryState, entry.pendingForward);

    let tried = first;
    for (;;) {
      if (!tried && session.shouldStop()) return 'aborted';
      attemptInHop++;
      const attempts = retryState.attempts + attemptInHop;
      const result = tried ?? (await this.tryHandler(message, route, batch, session, attempts));
      tried = undefined;
      if (result.ok) {
        ledger.clear(batch.topic, batch.partition);
        return 'finished';
      }
      // The handler most likely failed because its heartbeat found the group rebalancing: the
      // partition may be someone else's now, so neither retry nor forward; it will be redelivered.
      if (session.failure) return 'aborted';
      const policy = route.ordered ? this.orderedPolicy : this.defaultPolicy;
      const decision = policy({ error: result.error, attemptInHop, hop: route.hop });
      switch (decision.action) {
        case 'retry-in-place': {
          this.deps.config.onEvent({
            type: 'retry-scheduled',
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            attempt: attempts,
            delayMs: decision.delayMs,
            error: result.error,
          });
          const outcome = await this.waitUntil(
            this.now() + decision.delayMs,
            message,
            batch,
            session,
            { attemptsInHop: attemptInHop },
          );
          if (outcome !== 'finished') return outcome;
          continue;
        }
        case 'stop-partition':
          return this.stopPartition(message, batch, attempts, result.error);
        default:
          return this.forward(message, route, batch, retryState, {
            decision,
            error: result.error,
            attempts,
          });
      }
    }
  }

  /**
   * When a retry-topic message may be handled: its retry_due_at, but never later than its retry
   * topic's delay after the record was written (or from now, for a timestamp that is not one or
   * lies ahead). The forwarder writes the write time + delay, so only a forged or corrupt header,
   * or a delay since lowered, is later; it would hold the partition, and every message behind it,
   * for as long as it says (years, say).
   */
  private dueAt(retryState: RetryState, route: TopicRoute, message: ConsumedMessage): number {
    if (retryState.dueAt === undefined || route.hop === 0) return 0;
    const delayMs = this.deps.config.retry.retryTopicDelaysMs[route.hop - 1] ?? 0;
    const now = this.now();
    const written = Number(message.timestamp);
    const from = Number.isSafeInteger(written) && written < now ? written : now;
    return Math.min(retryState.dueAt, from + delayMs);
  }

  private async tryHandler(
    message: ConsumedMessage,
    route: TopicRoute,
    batch: PartitionBatch,
    session: BatchSession,
    attempt: number,
  ): Promise<HandlerResult> {
    try {
      await this.callHandler(message, route, batch, session, attempt);
      return HANDLED;
    } catch (error) {
      return { ok: false, error };
    }
  }

  /**
   * Short waits sleep in the batch (heartbeats keep flowing); longer ones pause only this
   * partition and return, so the fetch loop keeps serving the others, and the ledger picks up
   * where this left off when the message is fetched again.
   */
  private async waitUntil(
    notBefore: number,
    message: ConsumedMessage,
    batch: PartitionBatch,
    session: BatchSession,
    progress: { attemptsInHop: number; pendingForward?: PendingForward },
  ): Promise<Outcome> {
    const ms = notBefore - this.now();
    if (ms <= 0) return 'finished';
    if (ms <= this.deps.config.maxBlockingWaitMs && ms <= MAX_TIMER_MS)
      return (await sleep(ms, session.signal)) ? 'finished' : 'aborted';
    this.deps.ledger.set(batch.topic, batch.partition, {
      offset: message.offset,
      notBefore,
      ...progress,
    });
    this.deps.pauser.pause(batch.topic, batch.partition, Math.min(ms, MAX_TIMER_MS));
    return 'deferred';
  }

  private async forward(
    message: ConsumedMessage,
    route: TopicRoute,
    batch: PartitionBatch,
    retryState: RetryState,
    pending: PendingForward,
  ): Promise<Outcome> {
    const { config, ledger } = this.deps;
    const { decision, error, attempts } = pending;
    const failed: FailedMessage = {
      topic: batch.topic,
      sourceTopic: route.sourceTopic,
      partition: batch.partition,
      message,
      retryState,
      consumerGroup: config.groupId,
      attempts,
      error,
    };
    const now = this.now();
    const record =
      decision.action === 'retry-topic'
        ? retryRecord(failed, route.retryTopics[decision.retryAttempt - 1], now + decision.delayMs)
        : deadLetterRecord(failed, route.deadLetterTopic, decision.reason, new Date(now));
    try {
      await this.deps.send(record);
    } catch (sendError) {
      // Not acknowledged, so not committable: keep the partition here and try the send again later.
      const delayMs = config.retry.backoff.maxMs;
      config.onEvent({
        type: 'forward-failed',
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        target: record.topic,
        error: sendError,
      });
      config.logger.error(
        `Could not publish to ${record.topic}; the partition waits and tries again`,
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          error: sendError,
        },
      );
      ledger.set(batch.topic, batch.partition, {
        offset: message.offset,
        attemptsInHop: 0,
        notBefore: this.now() + delayMs,
        pendingForward: pending,
      });
      this.deps.pauser.pause(batch.topic, batch.partition, Math.min(delayMs, MAX_TIMER_MS));
      return 'deferred';
    }
    ledger.clear(batch.topic, batch.partition);
    const where = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    if (decision.action === 'retry-topic') {
      config.onEvent({
        type: 'retry-scheduled',
        ...where,
        attempt: attempts,
        delayMs: decision.delayMs,
        retryTopic: record.topic,
        error,
      });
    } else {
      config.onEvent({
        type: 'dead-lettered',
        ...where,
        attempts,
        reason: decision.reason,
        deadLetterTopic: record.topic,
        error,
      });
      config.logger.warn(`Dead-lettered a message to ${record.topic} (${decision.reason})`, {
        ...where,
        attempts,
        error,
      });
    }
    return 'finished';
  }

  private stopPartition(
    message: ConsumedMessage,
    batch: PartitionBatch,
    attempts: number,
    error: unknown,
  ): Outcome {
    const where = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    // Its count ends with the stop: once a restart or a rebalance ends the stop, the message gets
    // every attempt again (a paused backoff left an entry here, which gave it only one).
    this.deps.ledger.clear(batch.topic, batch.partition);
    this.deps.pauser.pause(batch.topic, batch.partition, undefined);
    this.deps.config.onEvent({ type: 'partition-stopped', ...where, attempts, error });
    this.deps.config.logger.error(
      'Stopped an ordered partition: its next message failed every attempt; restart the consumer after fixing the cause',
      {
        ...where,
        attempts,
        error,
      },
    );
    return 'deferred';
  }
}
