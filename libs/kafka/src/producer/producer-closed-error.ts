import { NonRetriableError } from '../errors';

/** A send after disconnect() started: the event was not sent and never will be by this producer. */
export class ProducerClosedError extends NonRetriableError {
  constructor(readonly topic: string) {
    super(
      `Cannot send to topic "${topic}": the producer is disconnecting or disconnected. ` +
        'Create a new producer, or send before calling disconnect().',
    );
  }
}
