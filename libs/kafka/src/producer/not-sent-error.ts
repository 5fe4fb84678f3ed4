import { errorMessage, RetriableError } from '../errors';

/**
 * The event was queued behind a batch that failed and was not sent: sending it after that failure
 * could put it on the topic before an earlier event of its key that the failed batch carried (and
 * that its sender will send again). Nothing of it reached the broker; send it again.
 */
export class QueuedBehindFailureError extends RetriableError {
  constructor(failure: unknown) {
    super(
      `Not sent: an earlier batch of this producer failed (${errorMessage(failure)}), and events ` +
        'queued behind a failed batch are not sent, so no key’s later event lands before an ' +
        'earlier one that failed. Send it again.',
      { cause: failure },
    );
  }
}
