import { decodeEnvelope, type EventEnvelope, type RawMessage } from '../envelope';
import { DeserializationError, errorMessage, SchemaValidationError } from '../errors';
import { type TopicDefinition, validatePayload } from '../topics';

/**
 * A binary-mode CloudEvent whose data passed its catalog topic's schema. Both failures are
 * DeserializationErrors: no retry can change the bytes, so the message goes to the dead-letter topic.
 */
export function decodeEvent(definition: TopicDefinition, message: RawMessage): EventEnvelope {
  let envelope: EventEnvelope;
  try {
    envelope = decodeEnvelope(definition.name, message);
  } catch (error) {
    if (error instanceof DeserializationError) throw error;
    // Headers no decoder expects (a null value): as deterministic as bad JSON, and a plain
    // TypeError would be retried through every retry topic before reaching the dead-letter topic.
    throw new DeserializationError(
      definition.name,
      `the headers cannot be read (${errorMessage(error)})`,
      error,
    );
  }
  try {
    // The envelope was built just now for this call: replacing its data in place saves a copy per event.
    envelope.data = validatePayload(definition, envelope.data);
    return envelope;
  } catch (error) {
    if (!(error instanceof SchemaValidationError)) throw error;
    throw new DeserializationError(
      definition.name,
      `the data does not match the topic schema: ${error.issues.join('; ')}`,
      error,
    );
  }
}
