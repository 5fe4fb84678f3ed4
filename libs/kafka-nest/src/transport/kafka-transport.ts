import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import {
  type ConsumerEvent,
  consumerSubscribedTopics,
  createKafkaEventConsumer,
  type EventConsumer,
  type EventContext,
  type EventEnvelope,
  MAX_TIMER_MS,
  orderedModeFor,
  RetriableError,
} from '@platform/kafka';
import type { Kafka } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import type { ConsumerMembership } from '../health/consumer-membership';
import { KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from '../kafka-module-options';
import { KAFKA_CLIENT } from '../tokens';
import { KafkaEventContext } from './kafka-event-context';

export const KAFKA_TRANSPORT_ID = Symbol('platform-kafka');

/** Default of consumer.stuckHandlerWarningMs: half the consumer's default rebalance timeout. */
const STUCK_HANDLER_WARNING_MS = 30_000;

/**
 * Serves @EventPattern('<topic>') handlers with the platform's manual-commit consumer: an offset
 * is committed only after the handler's promise or observable completed; failures are retried in
 * place, then through retry topics, then dead-lettered (see @platform/kafka's consumer).
 * Provided by KafkaModule; createKafkaApp connects it (`app.connectMicroservice({ strategy: app.get(KafkaTransport) }, { inheritAppConfig: true })`).
 */
type TransportEvents = { 'consumer-event': (event: ConsumerEvent) => void };

@Injectable()
export class KafkaTransport extends Server<TransportEvents> implements CustomTransportStrategy, ConsumerMembership, OnModuleDestroy {
  override readonly transportId = KAFKA_TRANSPORT_ID;
  private consumer: EventConsumer | undefined;
  private member = false;
  private topics: string[] = [];
  private readonly eventListeners = new Set<(event: ConsumerEvent) => void>();
  private readonly log = new Logger('KafkaTransport');
  /** Handlers running now, for the stuck-handler warning (see trackHandler). */
  private readonly runningHandlers = new Set<RunningHandler>();
  private stuckHandlerSweep: NodeJS.Timeout | undefined;

  constructor(
    @Inject(KAFKA_MODULE_OPTIONS) private readonly options: KafkaModuleOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
  ) {
    super();
  }

  get groupId(): string {
    return this.options.connection.service;
  }

  isMember(): boolean {
    return this.member;
  }

  subscribedTopics(): string[] {
    return [...this.topics];
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.consumer = this.createConsumer();
      if (this.consumer) await this.consumer.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * Stops the consumer in the first shutdown phase, before any module's beforeApplicationShutdown:
   * Nest itself closes a connected transport only after those hooks (NestApplication.dispose, between
   * beforeApplicationShutdown and onApplicationShutdown), by which time SagaModule has stopped its
   * sagas and would refuse what the consumer still hands over. Handlers in flight finish here with
   * every module still running; Nest's own close() later finds nothing left to stop.
   */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  /**
   * Never rejects: a rejection here (the broker gone, leaving the group fails) would stop Nest's
   * shutdown before the producer's flush and the database's close.
   */
  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    clearInterval(this.stuckHandlerSweep);
    this.stuckHandlerSweep = undefined;
    try {
      await consumer?.stop();
    } catch (error) {
      this.log.error(
        `Could not stop the consumer cleanly (${describe(error)}); the rest of the app shuts down anyway`,
      );
    } finally {
      this.member = false;
    }
  }

  /** Listens to the consumer's lifecycle events (joined, committed, dead-lettered, …). */
  on<K extends keyof TransportEvents>(event: K, callback: TransportEvents[K]): void {
    if (event !== 'consumer-event') throw new Error(`KafkaTransport emits only "consumer-event", not "${String(event)}"`);
    this.eventListeners.add(callback);
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private createConsumer(): EventConsumer | undefined {
    const { orderedTopics, stuckHandlerWarningMs, ...consumerOptions } = this.options.consumer ?? {};
    assertTimerMs('consumer.stuckHandlerWarningMs', stuckHandlerWarningMs);
    const { service } = this.options.connection;
    const { catalog } = this.options;
    const subscriptions = [...this.getHandlers().entries()]
      .filter(([, handler]) => handler.isEventHandler)
      .map(([topic, handler]) => ({
        topic,
        // consumer.orderedTopics, else the catalog's orderedTopics (the consumer's rule, asked here
        // so a conflict names the option this module's users wrote).
        ordered: orderedModeFor({
          service,
          catalog,
          topic,
          ordered: orderedTopics?.includes(topic),
          option: 'consumer.orderedTopics',
        }),
        handler: (event: EventEnvelope<never>, context: EventContext) => this.dispatch(handler, event, context),
      }));
    this.warnAboutOrderedTopicsWithoutHandler(subscriptions.map((subscription) => subscription.topic));
    this.warnAboutMessagePatterns();
    if (subscriptions.length === 0) return undefined;
    const options = {
      ...consumerOptions,
      kafka: this.kafka,
      service,
      catalog,
      subscriptions,
      logger: {
        info: (message: string, details?: Record<string, unknown>) => this.log.log(message, details),
        warn: (message: string, details?: Record<string, unknown>) => this.log.warn(message, details),
        error: (message: string, details?: Record<string, unknown>) => this.log.error(message, details),
      },
      onEvent: (event: ConsumerEvent) => this.onConsumerEvent(event),
    };
    const consumer = createKafkaEventConsumer(options);
    this.topics = consumerSubscribedTopics(options);
    return consumer;
  }

  /**
   * An ordered topic no handler reads changes nothing, silently: a typo, or a subscription that
   * was removed. Said once at startup, so the topic someone meant to order is not left unordered.
   */
  private warnAboutOrderedTopicsWithoutHandler(handled: readonly string[]): void {
    const { service } = this.options.connection;
    const { catalog } = this.options;
    const [declared, where] = this.options.consumer?.orderedTopics
      ? [this.options.consumer.orderedTopics, 'consumer.orderedTopics']
      : [catalog.service === service ? (catalog.orderedTopics ?? []) : [], `the ${service} catalog's orderedTopics`];
    const unread = declared.filter((topic) => !handled.includes(topic));
    if (unread.length === 0) return;
    this.log.warn(
      `${where} lists ${unread.join(', ')}, which no @EventPattern handler of ${service} reads, so it ` +
        'changes nothing. Fix the name, or remove the entry if the handler is gone.',
    );
  }

  /**
   * A @MessagePattern (request-response) on a catalog topic is never called: events have no reply,
   * so only @EventPattern handlers are subscribed, and nothing would say the topic is unread.
   * Patterns no catalog declares belong to another transport of a hybrid app and are left alone.
   */
  private warnAboutMessagePatterns(): void {
    const { service } = this.options.connection;
    for (const [pattern, handler] of this.getHandlers()) {
      if (handler.isEventHandler || !this.options.catalog.has(pattern)) continue;
      this.log.warn(
        `@MessagePattern('${pattern}') of ${service} is never called: KafkaTransport serves @EventPattern ` +
          `handlers only (an event has no reply). Use @EventPattern('${pattern}').`,
      );
    }
  }

  /** Runs one handler; resolving = handled. Rejects with the handler's own error so retry policy sees its class. */
  private async dispatch(handler: MessageHandler, event: EventEnvelope, context: EventContext): Promise<void> {
    const eventContext = new KafkaEventContext({
      envelope: event,
      topic: context.sourceTopic,
      readTopic: context.topic,
      partition: context.partition,
      offset: context.offset,
      attempt: context.attempt,
      heartbeat: () => context.heartbeat(),
    });
    const running = this.trackHandler(context);
    try {
      const result = await handler(event.data, eventContext);
      running.observable = isObservable(result);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    } catch (error) {
      // Without ErrorCaptureFilter (e.g. a user's own global filter wins) the error may be a plain
      // `{status, message}`; an Error such a filter rethrew keeps its class (NonRetriableError).
      throw eventContext.failure ?? (error instanceof Error ? error : new RetriableError(describe(error)));
    } finally {
      this.runningHandlers.delete(running);
    }
  }

  /**
   * The consumer heartbeats while a handler runs, so one that never settles (an observable that
   * never completes, an await without a timeout) holds its partition forever with the member
   * healthy in its group. Until the handler settles, a warning says so every stuckHandlerWarningMs.
   * One sweep timer for the transport, not one per message: a timer set and cleared around every
   * handler would cost each message more than the check is worth.
   */
  private trackHandler(context: EventContext): RunningHandler {
    const every = this.options.consumer?.stuckHandlerWarningMs ?? STUCK_HANDLER_WARNING_MS;
    const started = Date.now();
    const running: RunningHandler = { context, started, warnAt: started + every, observable: false };
    this.runningHandlers.add(running);
    this.stuckHandlerSweep ??= this.sweepStuckHandlers(every);
    return running;
  }

  /** Checks the running handlers four times per interval, so a warning comes at most a quarter late. */
  private sweepStuckHandlers(every: number): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        const now = Date.now();
        for (const running of this.runningHandlers) {
          if (now < running.warnAt) continue;
          running.warnAt = now + every;
          this.warnStuck(running, now);
        }
      },
      Math.max(1, Math.floor(every / 4)),
    );
    // A stuck handler must not also keep the process from exiting.
    timer.unref();
    return timer;
  }

  private warnStuck({ context, started, observable }: RunningHandler, now: number): void {
    const where = `${context.topic}[${context.partition}] offset ${context.offset}`;
    const cause = observable
      ? 'the observable it returned has not completed (use firstValueFrom, take(1), or complete it)'
      : 'what it awaits needs a timeout';
    this.log.warn(
      `The @EventPattern('${context.sourceTopic}') handler has not completed after ${now - started} ms: ` +
        `${where} waits, and every message behind it on that partition; ${cause}.`,
      { topic: context.topic, partition: context.partition, offset: context.offset },
    );
  }

  private onConsumerEvent(event: ConsumerEvent): void {
    if (event.type === 'group-joined') this.member = true;
    // kafkajs leaves the group before it reports a crash, also one it restarts from: until the
    // restart joins again (which may keep failing), this instance reads nothing.
    if (event.type === 'crashed') this.member = false;
    for (const listener of this.eventListeners) listener(event);
  }
}

/** 0 or a fraction would log on every tick; Node clamps a delay above MAX_TIMER_MS to 1 ms. */
function assertTimerMs(name: string, value: number | undefined): void {
  if (value === undefined || (Number.isInteger(value) && value >= 1 && value <= MAX_TIMER_MS)) return;
  throw new Error(`Invalid ${name}, expected a whole number of ms from 1 to ${MAX_TIMER_MS} received ${value}`);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

interface RunningHandler {
  context: EventContext;
  /** Date.now() when it started, and when it is next reported if it has not settled by then. */
  started: number;
  warnAt: number;
  /** It returned an observable (then the observable has not completed, rather than a promise settled). */
  observable: boolean;
}
