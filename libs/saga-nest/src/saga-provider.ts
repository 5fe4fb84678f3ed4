import type { Provider, Type } from '@nestjs/common';
import type { AnySagaDefinition, SagaDefinition } from '@platform/saga';

/**
 * A saga definition as a Nest provider, so its local steps can use injected services:
 *
 *   @Injectable()
 *   class CreateOrderSaga implements SagaProvider<CreateOrder> {
 *     constructor(private readonly orders: OrdersRepository) {}
 *     readonly definition = saga<CreateOrder>({ ... }).step('create-order').local(({ tx, data }) => this.orders.create(tx, data))...build();
 *   }
 */
export interface SagaProvider<D = unknown> {
  readonly definition: SagaDefinition<D>;
}

/** A provider of any saga, whatever its data. */
type AnySagaProvider = { readonly definition: AnySagaDefinition };

/** What `sagas` accepts: provider classes, or definitions that need nothing injected. */
export type SagaRegistration = Type<AnySagaProvider> | AnySagaDefinition;

/** Every registered definition, in registration order. */
export const SAGA_DEFINITIONS = Symbol('SAGA_DEFINITIONS');

/** The providers behind `sagas`: each class as itself, each plain definition as a value, and the list of definitions. */
export function sagaProviders(registrations: readonly SagaRegistration[] = []): Provider[] {
  const tokens: (Type<AnySagaProvider> | symbol)[] = [];
  const providers: Provider[] = [];
  registrations.forEach((registration, index) => {
    if (typeof registration === 'function') {
      providers.push(registration);
      tokens.push(registration);
    } else {
      // registration?: an import cycle can leave it undefined; the SAGA_DEFINITIONS factory names it then.
      const token = Symbol(`saga:${registration?.name ?? index}`);
      providers.push({ provide: token, useValue: { definition: registration } satisfies AnySagaProvider });
      tokens.push(token);
    }
  });
  providers.push({
    provide: SAGA_DEFINITIONS,
    inject: tokens,
    useFactory: (...instances: AnySagaProvider[]) =>
      instances.map((instance, index) => {
        if (!instance?.definition?.steps) {
          throw new TypeError(`Invalid saga provider #${index}: expected an object with a built definition (saga(...)...build()) in "definition"`);
        }
        return instance.definition;
      }),
  });
  return providers;
}
