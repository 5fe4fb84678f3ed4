import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { KafkaEventContext } from '@platform/kafka-nest';
import { type Observable, tap } from 'rxjs';

/**
 * Notes the key of every event whose @EventPattern handler finished: an interceptor runs around
 * every handler, so a test sees completion without touching the handler's code.
 */
export class FinishedHandlers implements NestInterceptor {
  private readonly keys = new Set<string>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const event = context.switchToRpc().getContext<KafkaEventContext>();
    return next.handle().pipe(tap({ complete: () => this.keys.add(event.getKey()) }));
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}
