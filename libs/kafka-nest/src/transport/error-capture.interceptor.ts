import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { KafkaEventContext } from './kafka-event-context';

/**
 * Nest's RPC exception filter replaces unknown errors with `{ status: 'error', message }`, which
 * would hide whether an error is retriable. This global interceptor (registered by KafkaModule)
 * records the handler's original error on the KafkaEventContext before the filter runs, so the
 * transport's retry policy sees the real error class.
 */
@Injectable()
export class ErrorCaptureInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const eventContext = context.switchToRpc().getContext<unknown>();
    if (!(eventContext instanceof KafkaEventContext)) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        eventContext.failure = error;
        return throwError(() => error);
      }),
    );
  }
}
