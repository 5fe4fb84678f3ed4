import { RetriableError } from '@platform/kafka';

/**
 * A write refused because its SagaOrchestrator or SagaParticipant was stopped: the service is
 * shutting down and its database may be closed already. Retriable: a reply or command refused
 * this way is redelivered, and another instance (or this one, restarted) applies it.
 */
export class SagaStoppedError extends RetriableError {
  constructor(component: 'SagaOrchestrator' | 'SagaParticipant', operation: string) {
    super(
      `${component} is stopped (stop() was called: the service is shutting down), ${operation} refused; ` +
        'do it on an instance that is running',
    );
  }
}
