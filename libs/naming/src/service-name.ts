import { type Failure, NamingError, typeFailure } from './errors';
import { MAX_SERVICE_NAME_LENGTH } from './limits';
import { segmentShapeFailure } from './segments';

export const SERVICE_NAME_EXAMPLE = 'order-history';

// A service name is also a topic segment (retry/dead-letter topics) and a consumer group, so it
// follows the segment shape. Details are predicates so derived-topic messages can prefix them.
export function serviceNameFailure(name: unknown): Failure | undefined {
  const notString = typeFailure(name);
  if (notString) return notString;
  const text = name as string;
  if (text === '') return { rule: 'empty', detail: 'must not be empty' };
  const shape = segmentShapeFailure(text);
  if (shape) return shape;
  if (text.length > MAX_SERVICE_NAME_LENGTH) {
    return {
      rule: 'too-long',
      detail: `must be at most ${MAX_SERVICE_NAME_LENGTH} characters, received ${text.length}`,
    };
  }
  // The Nx app is "<name>-service"; catching the suffix here avoids "billing-service-service".
  if (text.endsWith('-service')) {
    return {
      rule: 'service-suffix',
      detail: `must not end with "-service", the app name adds it (${text.slice(0, -'-service'.length)} → ${text})`,
    };
  }
  return undefined;
}

export function validateServiceName(name: string): void {
  const failure = serviceNameFailure(name);
  if (failure) {
    throw new NamingError({
      subject: 'service name',
      value: name,
      ...failure,
      example: SERVICE_NAME_EXAMPLE,
    });
  }
}

/** One consumer group per service, named exactly like it: no hidden suffixes. */
export function consumerGroupId(service: string): string {
  validateServiceName(service);
  return service;
}
