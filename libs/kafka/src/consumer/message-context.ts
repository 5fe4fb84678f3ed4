import type { BatchSession } from './batch-session';
import type { ConsumedMessage } from './dead-letter';
import type { EventContext } from './event-consumer';

/** The handler's view of a message; headers are decoded to text only if asked for. */
export class MessageContext implements EventContext {
  private textHeaders: Record<string, string> | undefined;

  constructor(
    readonly topic: string,
    readonly sourceTopic: string,
    readonly partition: number,
    private readonly message: ConsumedMessage,
    readonly attempt: number,
    private readonly session: BatchSession,
  ) {}

  get offset(): string {
    return this.message.offset;
  }

  get headers(): Readonly<Record<string, string>> {
    this.textHeaders ??= toText(this.message.headers);
    return this.textHeaders;
  }

  heartbeat(): Promise<void> {
    return this.session.heartbeatOrThrow();
  }
}

function toText(headers: ConsumedMessage['headers']): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    // A header without a value arrives as null: absent, like an undefined one.
    if (typeof first === 'string' || Buffer.isBuffer(first)) text[name] = first.toString();
  }
  return text;
}
