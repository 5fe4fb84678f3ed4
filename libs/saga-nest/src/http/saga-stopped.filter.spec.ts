import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { SagaStoppedError } from '@platform/saga';
import { isObservable, lastValueFrom } from 'rxjs';
import { SagaStoppedFilter } from './saga-stopped.filter';

function hostOf(type: 'http' | 'rpc', response: unknown = {}): ArgumentsHost {
  return {
    getType: () => type,
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

/** An HTTP adapter that records what the filter does to the response. */
function recordingAdapter(headersSent = false) {
  const calls: unknown[][] = [];
  const httpAdapter = {
    isHeadersSent: () => headersSent,
    setHeader: (_response: unknown, name: string, value: string) =>
      calls.push(['setHeader', name, value]),
    reply: (_response: unknown, body: unknown, status: number) =>
      calls.push(['reply', status, body]),
    end: () => calls.push(['end']),
  };
  return { host: { httpAdapter } as unknown as HttpAdapterHost, calls };
}

describe('SagaStoppedFilter', () => {
  const refused = new SagaStoppedError('SagaOrchestrator', 'start');

  it('answers an HTTP request 503 with Retry-After and Connection: close', () => {
    const { host, calls } = recordingAdapter();
    new SagaStoppedFilter(host).catch(refused, hostOf('http'));
    expect(calls).toEqual([
      ['setHeader', 'Retry-After', '1'],
      ['setHeader', 'Connection', 'close'],
      [
        'reply',
        503,
        {
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'The service is shutting down; retry the request',
        },
      ],
    ]);
  });

  it('only ends a response whose headers went out already', () => {
    const { host, calls } = recordingAdapter(true);
    new SagaStoppedFilter(host).catch(refused, hostOf('http'));
    expect(calls).toEqual([['end']]);
  });

  it("hands a Kafka handler's error on as it is, retriable, for the transport's retry policy", async () => {
    const { host, calls } = recordingAdapter();
    const result = new SagaStoppedFilter(host).catch(refused, hostOf('rpc'));
    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result!)).rejects.toBe(refused);
    expect(refused.retriable).toBe(true);
    expect(calls).toEqual([]);
  });
});
