import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  Injectable,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SagaStoppedError } from '@platform/saga';
import { type Observable, throwError } from 'rxjs';

/**
 * Seconds a client is asked to wait: behind a load balancer another instance takes the retry at
 * once, and a single instance restarting is back within seconds, so a short wait is enough.
 */
export const SAGA_STOPPED_RETRY_AFTER_SECONDS = 1;

/**
 * Answers an HTTP request refused with SagaStoppedError (a saga started or resumed after SagaModule
 * stopped its sagas: the service shuts down, and Nest closes the HTTP server only after that) with
 * 503 Service Unavailable and Retry-After, so clients and load balancers retry it elsewhere;
 * Nest's default would be a 500, which reads as a failed request. `Connection: close` makes the
 * retry open a new connection, which a load balancer can route to another instance, instead of
 * reusing this one's. In any other context (a Kafka handler) the error goes on as it is: the
 * transport's retry policy reads its class (retriable: the message is redelivered).
 *
 * SagaModule registers it globally. Nest tries global filters last registered first, so it runs
 * before KafkaModule's catch-all ErrorCaptureFilter when KafkaModule is imported before SagaModule,
 * as in the generated services.
 */
@Catch(SagaStoppedError)
@Injectable()
export class SagaStoppedFilter implements ExceptionFilter<SagaStoppedError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: SagaStoppedError, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') return throwError(() => error);
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (httpAdapter.isHeadersSent(response)) {
      httpAdapter.end(response);
      return;
    }
    const refused = new ServiceUnavailableException(
      'The service is shutting down; retry the request',
    );
    httpAdapter.setHeader(response, 'Retry-After', String(SAGA_STOPPED_RETRY_AFTER_SECONDS));
    httpAdapter.setHeader(response, 'Connection', 'close');
    httpAdapter.reply(response, refused.getResponse(), refused.getStatus());
  }
}
