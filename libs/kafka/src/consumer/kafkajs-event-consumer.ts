import { type Consumer, type EachBatchPayload, type Kafka, Partitioners } from 'kafkajs';
import { AttemptLedger } from './attempt-ledger';
import { CommitTracker, type PartitionCommit } from './commit-tracker';
import { type ConsumerConfig, normalizeConsumerOptions } from './consumer-config';
import { MissingTopicsError } from './consumer-errors';
import type { EventConsumerOptions } from './consumer-options';
import { DlqForwarder } from './dlq-forwarder';
import type { ConsumerTopicsOptions } from './consumer-topics';
import { ensureConsumerTopics, findMissingTopics } from './ensure-consumer-topics';
import type { EventConsumer } from './event-consumer';
import { OffsetCommitter, UncommittedOffsetsError } from './offset-committer';
import { type PartitionBatch, type PartitionPauser, PartitionRunner } from './partition-runner';

export interface KafkaEventConsumerOptions extends EventConsumerOptions {
  /** The kafkajs client: brokers, TLS/SASL, and a client id from @platform/naming's clientId(). */
  kafka: Kafka;
}

/** Validates the options (topic and service names, catalog membership) and builds the consumer; throws on the first problem. */
export function createKafkaEventConsumer(options: KafkaEventConsumerOptions): EventConsumer {
  const derivedTopics = options.createDerivedTopics ? options : undefined;
  return new KafkajsEventConsumer(options.kafka, normalizeConsumerOptions(options), derivedTopics);
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Thrown inside start() to unwind it when stop() was called meanwhile; start() then resolves. */
const STOPPED_WHILE_STARTING = Symbol('stopped while starting');

/**
 * The manual-commit consumer on kafkajs: eachBatch with autoCommit and auto-resolve off, so an
 * offset moves only when PartitionRunner says its message is finished. kafkajs commits nothing
 * on a rebalance when autoCommit is off, so this class does: batches flush when a heartbeat or
 * commit reports the rebalance, the REBALANCING event flushes before kafkajs rejoins, and
 * GROUP_JOIN forgets the old assignment's offsets.
 */
class KafkajsEventConsumer implements EventConsumer {
  private readonly tracker = new CommitTracker();
  private readonly ledger = new AttemptLedger();
  private readonly committer: OffsetCommitter;
  private readonly shutdown = new AbortController();
  /** Aborted when stop() stops waiting for the batches in flight (shutdownTimeoutMs). */
  private readonly abandoned = new AbortController();
  /** `topic[partition]` of every batch being handled, named when stop() gives up on them. */
  private readonly runningBatches = new Set<string>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  /** Partitions an ordered topic stopped ('stop-partition'): paused until a restart or rebalance. */
  private readonly stoppedPartitions = new Map<string, { topic: string; partition: number }>();
  private consumer: Consumer | undefined;
  private forwarder: DlqForwarder | undefined;
  private state: State = 'new';
  /** The start in progress: a stop() that arrives meanwhile waits for it to give up. */
  private starting: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: ConsumerConfig,
    /** Set with createDerivedTopics: what ensureConsumerTopics needs to create the missing ones. */
    private readonly derivedTopics?: ConsumerTopicsOptions,
  ) {
    this.committer = new OffsetCommitter(this.tracker, config.commit, (commits) =>
      config.onEvent({ type: 'committed', commits }),
    );
  }

  async start(): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`Cannot start the ${this.config.service} consumer: it was already started`);
    this.state = 'starting';
    this.starting = this.connectAndRun();
    return this.starting;
  }

  /**
   * start()'s steps. After each wait it checks whether stop() was called meanwhile (a SIGTERM
   * during start-up): then it disconnects what it connected and resolves, so no consumer is left
   * running, holding partitions it would never handle, after stop() returned.
   */
  private async connectAndRun(): Promise<void> {
    const stopRequested = () => {
      if (this.shutdown.signal.aborted) throw STOPPED_WHILE_STARTING;
    };
    try {
      await this.assertTopicsExist();
      stopRequested();
      const forwarder = this.createForwarder();
      this.forwarder = forwarder;
      await forwarder.connect();
      stopRequested();
      this.consumer = this.createConsumer();
      await this.consumer.connect();
      stopRequested();
      await this.consumer.subscribe({
        topics: [...this.config.routes.keys()],
        fromBeginning: this.config.fromBeginning,
      });
      stopRequested();
      const runner = new PartitionRunner({
        config: this.config,
        tracker: this.tracker,
        committer: this.committer,
        ledger: this.ledger,
        send: (record) => forwarder.send(record),
        pauser: this.pauser(),
        shutdown: this.shutdown.signal,
        abandoned: this.abandoned.signal,
      });
      this.committer.startTimer((error) =>
        this.config.logger.warn('Interval commit failed; retrying on the next tick', { error }),
      );
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.config.partitionsConsumedConcurrently,
        eachBatch: async (payload) => {
          const name = `${payload.batch.topic}[${payload.batch.partition}]`;
          this.runningBatches.add(name);
          try {
            await runner.run(toPartitionBatch(payload));
          } finally {
            this.runningBatches.delete(name);
          }
        },
      });
      stopRequested();
      this.state = 'running';
    } catch (error) {
      this.committer.stopTimer();
      await this.disconnect();
      this.state = 'stopped';
      if (error !== STOPPED_WHILE_STARTING) throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.state === 'starting') {
      this.shutdown.abort();
      await this.starting?.catch(() => undefined);
    }
    if (this.state === 'new' || this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    // Running batches see the signal, finish the handler in flight and commit on their way out.
    this.shutdown.abort();
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    this.committer.stopTimer();
    // Offsets finished by batches that already returned; kafkajs still accepts commits here.
    await this.committer
      .commit()
      .catch((error) => this.config.logger.warn('Could not commit on shutdown', { error }));
    // kafkajs stops fetching, waits for the batches in flight, then leaves the group.
    const stopped = this.consumer?.stop();
    if (stopped && !(await settlesWithin(stopped, this.config.shutdownTimeoutMs))) {
      this.leaveHandlersBehind();
      await this.disconnectForwarder();
      // Should they settle after all, kafkajs leaves the group then; its connections can close too.
      void stopped.then(() => this.consumer?.disconnect()).catch(() => undefined);
    } else {
      await this.disconnect();
    }
    this.state = 'stopped';
  }

  /**
   * A handler that never settles would hold stop() (and a Nest app's close, and the pod's
   * termination) forever. kafkajs cannot leave the group or disconnect while a batch runs, so its
   * sockets stay open; the batches stop heartbeating, and once the session times out the group
   * gives their partitions, uncommitted messages included, to another member.
   */
  private leaveHandlersBehind(): void {
    this.abandoned.abort();
    const { shutdownTimeoutMs, sessionTimeoutMs, groupId, logger } = this.config;
    logger.error(
      `Stopped waiting for the handlers in flight after shutdownTimeoutMs (${shutdownTimeoutMs} ms): ` +
        `${[...this.runningBatches].join(', ') || 'a batch'} still running. Their messages stay uncommitted ` +
        `and go to another member of group "${groupId}" when this one's session times out ` +
        `(${sessionTimeoutMs} ms). A handler that never settles is a bug: give what it awaits a timeout.`,
      { partitions: [...this.runningBatches] },
    );
  }

  private async assertTopicsExist(): Promise<void> {
    const routes = [...this.config.routes.values()];
    const needed = [
      ...new Set([
        ...routes.map((route) => route.topic),
        ...routes.map((route) => route.deadLetterTopic),
      ]),
    ];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (this.derivedTopics) {
        const created = await ensureConsumerTopics(admin, this.derivedTopics);
        if (created.length > 0) this.config.logger.info('Created missing retry and dead-letter topics', { topics: created });
      }
      const missing = await findMissingTopics(admin, needed);
      if (missing.length > 0) throw new MissingTopicsError(missing, this.config.service);
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * acks=all and idempotent: a retry or dead-letter record is durable once send resolves, and
   * written once. kafkajs' default partitioner, named so its v2 start-up warning stays out of every
   * service's log: murmur2 by key, and a place for a record WITHOUT a key (another team's producer
   * may write one), which must still reach its retry or dead-letter topic; our producer's
   * partitioner refuses those.
   */
  private createForwarder(): DlqForwarder {
    return new DlqForwarder(
      () =>
        this.kafka.producer({
          createPartitioner: Partitioners.DefaultPartitioner,
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
        }),
      (error) =>
        this.config.logger.warn('Could not disconnect a replaced retry/dead-letter producer', {
          error,
        }),
    );
  }

  private createConsumer(): Consumer {
    const {
      groupId,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      heartbeatIntervalMs,
      maxWaitTimeMs,
      logger,
      onEvent,
    } = this.config;
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: sessionTimeoutMs,
      rebalanceTimeout: rebalanceTimeoutMs,
      heartbeatInterval: heartbeatIntervalMs,
      maxWaitTimeInMs: maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.REBALANCING, () => {
      // Emitted after every batch returned and before kafkajs rejoins: the last moment the old
      // generation may commit. kafkajs does not wait for it, so the outcome is reported here, and
      // stop() waits for it (its own commit queues behind this one).
      this.committer.commitBeforeRejoin().catch((error: unknown) => {
        const commits = error instanceof UncommittedOffsetsError ? error.commits : [];
        const cause = error instanceof UncommittedOffsetsError ? error.cause : error;
        logger.error(
          `${error instanceof Error ? error.message : String(error)} before rejoining the group: ` +
            'those messages will be redelivered to the partitions\' owners after the rebalance',
          { commits, error: cause },
        );
        onEvent({ type: 'commit-failed', commits, error: cause });
      });
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      // kafkajs now reads from the committed offsets; anything still uncommitted will be redelivered.
      this.tracker.reset();
      this.resumeStoppedPartitions();
      onEvent({
        type: 'group-joined',
        memberId: payload.memberId,
        assignment: payload.memberAssignment,
      });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      logger.error(
        `The consumer crashed${payload.restart ? '; kafkajs restarts it' : ' and will not restart'}`,
        { error: payload.error },
      );
      onEvent({ type: 'crashed', error: payload.error, restarting: payload.restart });
    });
    return consumer;
  }

  /**
   * kafkajs keeps a partition paused across rebalances, so a stopped partition that moved to
   * another member (which may handle the message) and came back would stay paused with nothing
   * saying so. A rebalance ends the stop as a restart does: the failing message is redelivered
   * from the committed offset and, if it still fails, stops the partition again.
   */
  private resumeStoppedPartitions(): void {
    for (const { topic, partition } of this.stoppedPartitions.values()) {
      try {
        this.consumer?.resume([{ topic, partitions: [partition] }]);
      } catch (error) {
        this.config.logger.warn('Could not resume a stopped partition', { topic, partition, error });
      }
    }
    this.stoppedPartitions.clear();
  }

  private pauser(): PartitionPauser {
    return {
      pause: (topic, partition, resumeAfterMs) => {
        this.consumer?.pause([{ topic, partitions: [partition] }]);
        if (resumeAfterMs === undefined) {
          this.stoppedPartitions.set(`${topic}\u0000${partition}`, { topic, partition });
          return;
        }
        const timer = setTimeout(() => {
          this.resumeTimers.delete(timer);
          if (this.shutdown.signal.aborted) return;
          try {
            this.consumer?.resume([{ topic, partitions: [partition] }]);
          } catch (error) {
            // Between a crash and kafkajs' restart there is no group to resume in; the restart starts unpaused.
            this.config.logger.warn('Could not resume a paused partition', {
              topic,
              partition,
              error,
            });
          }
        }, resumeAfterMs);
        this.resumeTimers.add(timer);
      },
    };
  }

  private async disconnect(): Promise<void> {
    await this.disconnectAll([this.consumer?.disconnect(), this.forwarder?.disconnect()]);
  }

  private async disconnectForwarder(): Promise<void> {
    await this.disconnectAll([this.forwarder?.disconnect()]);
  }

  private async disconnectAll(disconnects: (Promise<void> | undefined)[]): Promise<void> {
    for (const result of await Promise.allSettled(disconnects)) {
      if (result.status === 'rejected')
        this.config.logger.warn('Could not disconnect cleanly', { error: result.reason });
    }
  }
}

/** True when `promise` settles within `ms` (rethrowing its error), false when it has not by then. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function toPartitionBatch(payload: EachBatchPayload): PartitionBatch {
  const { batch } = payload;
  return {
    topic: batch.topic,
    partition: batch.partition,
    messages: batch.messages,
    lastOffset: batch.lastOffset(),
    resolveOffset: payload.resolveOffset,
    heartbeat: payload.heartbeat,
    // Straight to the group coordinator for the current generation (see OffsetCommitter.use).
    commit: (commits) => payload.commitOffsetsIfNecessary({ topics: byTopic(commits) }),
    isRunning: payload.isRunning,
  };
}

function byTopic(
  commits: readonly PartitionCommit[],
): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of commits) {
    const partitions = topics.get(topic) ?? [];
    partitions.push({ partition, offset });
    topics.set(topic, partitions);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
