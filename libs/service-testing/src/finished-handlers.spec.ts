import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, throwError } from 'rxjs';
import { FinishedHandlers } from './finished-handlers';

/** An ExecutionContext as Nest builds it for an @EventPattern handler (rpc) or an HTTP route. */
function contextOf(type: 'rpc' | 'http', key = 'order-1'): ExecutionContext {
  return {
    getType: () => type,
    switchToRpc: () => ({ getContext: () => ({ getKey: () => key }) }),
  } as unknown as ExecutionContext;
}

const handlerReturning = (result: ReturnType<CallHandler['handle']>): CallHandler => ({
  handle: () => result,
});

describe('FinishedHandlers', () => {
  it("notes an event's key once its handler completed", async () => {
    const finished = new FinishedHandlers();
    const handled = finished.intercept(
      contextOf('rpc', 'order-7'),
      handlerReturning(of(undefined)),
    );
    expect(finished.has('order-7')).toBe(false);
    await lastValueFrom(handled, { defaultValue: undefined });
    expect(finished.has('order-7')).toBe(true);
  });

  it('does not note a handler that failed', async () => {
    const finished = new FinishedHandlers();
    const failed = finished.intercept(
      contextOf('rpc', 'order-8'),
      handlerReturning(throwError(() => new Error('boom'))),
    );
    await expect(lastValueFrom(failed)).rejects.toThrow('boom');
    expect(finished.has('order-8')).toBe(false);
  });

  it('leaves HTTP routes alone', async () => {
    const finished = new FinishedHandlers();
    await lastValueFrom(finished.intercept(contextOf('http'), handlerReturning(of('ok'))));
    expect(finished.has('order-1')).toBe(false);
  });
});
