/** Stable codes for the rule a name broke; tools and tests match on these, never on messages. */
export type NamingRule =
  | 'type'
  | 'empty'
  | 'too-long'
  | 'segment-count'
  | 'empty-segment'
  | 'lowercase'
  | 'leading-letter'
  | 'characters'
  | 'hyphens'
  | 'segment-too-long'
  | 'past-tense'
  | 'saga-kind'
  | 'derived-kind'
  | 'attempt'
  | 'service-suffix';

/** What went wrong, before we know which name (topic, service, ...) it is reported against. */
export interface Failure {
  rule: NamingRule;
  detail: string;
}

export interface NamingErrorOptions extends Failure {
  /** What was being named, e.g. "topic name", "service name". */
  subject: string;
  value: unknown;
  /** A valid name of the same kind, so the message shows what to write instead. */
  example: string;
}

/** A name broke a house rule; the message says which rule and shows a valid example. */
export class NamingError extends Error {
  readonly rule: NamingRule;
  readonly value: unknown;
  readonly example: string;
  readonly detail: string;

  constructor({ subject, value, rule, detail, example }: NamingErrorOptions) {
    super(
      `Invalid ${subject} ${formatValue(value)}: ${detail} (rule: ${rule}). Example: ${example}`,
    );
    this.name = 'NamingError';
    this.rule = rule;
    this.value = value;
    this.example = example;
    this.detail = detail;
  }
}

/** Strings are quoted so empty strings and stray spaces show up in messages. */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** For callers in plain JavaScript or reading config: a missing name must not become "undefined". */
export function typeFailure(value: unknown): Failure | undefined {
  if (typeof value === 'string') return undefined;
  const received = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return { rule: 'type', detail: `expected a string, received ${received}` };
}

/** For builders taking parts: a missing part would otherwise be joined as "undefined" and pass. */
export function requireStringParts(
  what: string,
  parts: Record<string, unknown>,
  example: string,
): void {
  for (const [role, value] of Object.entries(parts)) {
    const failure = typeFailure(value);
    if (failure) throw new NamingError({ subject: `${what} ${role}`, value, ...failure, example });
  }
}
