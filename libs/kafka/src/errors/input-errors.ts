import { NonRetriableError } from './platform-error';

/** An event for an entity topic was sent without a key; nothing was sent. */
export class MissingKeyError extends NonRetriableError {
  constructor(readonly topic: string) {
    super(
      `Invalid event for topic "${topic}": expected a key (the entity id), received none. ` +
        'Every event on an entity topic is keyed so that one entity\'s events stay in order on one partition.',
    );
  }
}

/** A payload does not match its topic's schema; nothing was sent or handled. */
export class SchemaValidationError extends NonRetriableError {
  constructor(
    readonly topic: string,
    readonly issues: string[],
  ) {
    super(`Invalid payload for topic "${topic}": ${issues.join('; ')}`);
  }
}

/** A message's bytes could not be turned into an event; it goes straight to the dead-letter topic. */
export class DeserializationError extends NonRetriableError {
  constructor(topic: string, why: string, cause?: unknown) {
    super(`Cannot deserialize a message from "${topic}": ${why}`, { cause });
  }
}

/** A topic is not declared in the catalog given to the producer or consumer. */
export class UnknownTopicError extends NonRetriableError {
  constructor(
    readonly topic: string,
    known: string[],
  ) {
    super(
      `Unknown topic "${topic}": it is not in the topic catalog. Declare it with defineTopic(...) ` +
        `in the owning service's catalog. Known topics: ${known.length ? known.join(', ') : '(none)'}.`,
    );
  }
}
