import { validateSagaTopicName } from '@platform/naming';
import type { ZodType } from 'zod';

/**
 * A command on its way to a participant. `R` is the payload of the participant's success reply
 * (a type only: it lets `onReply` see what the participant sends back).
 */
export interface SagaCommand<P = unknown, R = unknown> {
  /** A `<domain>.<entity>.commands` topic, owned by the participant. */
  readonly topic: string;
  /** The command's name, e.g. `reserve-stock`: the participant dispatches on it. */
  readonly type: string;
  readonly payload: P;
  /** The Kafka key; default the saga id. Give a step and its compensation the same topic and key so they stay in order. */
  readonly key?: string;
  /** Never set: carries the reply type. */
  readonly replyType?: R;
}

/** A command a participant understands, shared by the participant and the sagas that call it. */
export interface CommandType<P = unknown, R = void> {
  readonly topic: string;
  readonly type: string;
  /** Checked by the participant before its handler runs; a mismatch is replied as `invalid-command`. */
  readonly schema?: ZodType<P>;
  /** The command with this payload. */
  with(payload: P, options?: { key?: string }): SagaCommand<P, R>;
}

export interface CommandTypeOptions<P> {
  topic: string;
  type: string;
  schema?: ZodType<P>;
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const NAME_EXAMPLE = 'reserve-stock';

/** `defineCommand<ReserveStock, Reservation>({ topic: 'inventory.stock.commands', type: 'reserve-stock' })`. */
export function defineCommand<P, R = void>(options: CommandTypeOptions<P>): CommandType<P, R> {
  validateSagaTopicName(options.topic);
  if (!options.topic.endsWith('.commands')) {
    throw new TypeError(`Invalid command topic "${options.topic}": expected <domain>.<entity>.commands, e.g. inventory.stock.commands`);
  }
  checkName('command type', options.type);
  const { topic, type, schema } = options;
  // Checked here: the participant would only find out at the first command, failing it again and again.
  if (schema !== undefined && typeof schema?.safeParse !== 'function') {
    throw new TypeError(`Invalid schema of command "${type}", expected a zod schema (e.g. z.object({ ... })) received ${schema === null ? 'null' : typeof schema}`);
  }
  return {
    topic,
    type,
    schema,
    with: (payload, { key } = {}) => (key === undefined ? { topic, type, payload } : { topic, type, payload, key }),
  };
}

/** Saga, step and command names: lowercase words joined by single hyphens. */
export function checkName(what: string, name: unknown): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new TypeError(
      `Invalid ${what}, expected lowercase words joined by hyphens (e.g. ${NAME_EXAMPLE}) received ${JSON.stringify(name)}`,
    );
  }
}

/** Any command type, whatever its payload (a registry holds commands of different types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place the payload type is erased on purpose
export type AnyCommandType = CommandType<any, any>;
