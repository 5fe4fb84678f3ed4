import { type ArgumentsHost, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { ExpressAdapter } from '@nestjs/platform-express';
import { lastValueFrom, type Observable } from 'rxjs';
import { ErrorCaptureFilter } from './error-capture.filter';

/** An RPC call of another transport (TCP, Redis…) in the same app: its context is not ours. */
const rpcHost = (context: object): ArgumentsHost => {
  const args = [{ data: 'payload' }, context];
  return {
    getType: () => 'rpc',
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToRpc: () => ({ getData: () => args[0], getContext: () => context }),
  } as unknown as ArgumentsHost;
};

describe('ErrorCaptureFilter', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it("answers another transport's RPC errors as Nest's default RPC filter does, not as HTTP", async () => {
    const filter = new ErrorCaptureFilter(new ExpressAdapter());
    const unknown = filter.catch(new Error('database down'), rpcHost({ tcp: true }));
    await expect(lastValueFrom(unknown as Observable<never>)).rejects.toEqual({
      status: 'error',
      message: 'Internal server error',
    });
    const rpc = filter.catch(new RpcException('order not found'), rpcHost({ tcp: true }));
    await expect(lastValueFrom(rpc as Observable<never>)).rejects.toEqual({
      status: 'error',
      message: 'order not found',
    });
  });
});
