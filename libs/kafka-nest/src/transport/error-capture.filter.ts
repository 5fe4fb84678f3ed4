import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { KafkaEventContext } from './kafka-event-context';

const rpcDefault = new BaseRpcExceptionFilter();

/**
 * Nest's RPC exception filter replaces unknown errors with `{ status: 'error', message }`, which
 * would hide whether an error is retriable. This global filter (registered by KafkaModule) hands
 * a Kafka handler's original error back to the transport, whose retry policy reads its class.
 * A filter (not an interceptor) because it costs nothing until something throws; for every other
 * context (HTTP, another transport's RPC) it behaves exactly like Nest's default filter.
 */
@Catch()
export class ErrorCaptureFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') {
      const context = host.switchToRpc().getContext<unknown>();
      if (context instanceof KafkaEventContext) {
        context.failure = exception;
        return throwError(() => exception);
      }
      // Another transport of the same app (connected with inheritAppConfig): the HTTP filter
      // would try to send its error as an HTTP response on the RPC context and throw.
      return rpcDefault.catch(exception, host) as Observable<never>;
    }
    return super.catch(exception, host);
  }
}
