import { NamingError, type Failure, typeFailure } from './errors';
import { MAX_INSTANCE_ID_LENGTH } from './limits';
import { validateServiceName } from './service-name';

export interface ClientIdParts {
  service: string;
  /** Which process this is, e.g. "<hostname>-<pid>" or a pod name; choosing it is the caller's job. */
  instanceId: string;
}

const INSTANCE_ID_EXAMPLE = 'ip-10-0-0-7-4242';

/**
 * `<service>.<instanceId>`: "." never occurs in a service name, so the first "." splits it back,
 * and broker logs and quotas show which service and which process a connection belongs to.
 */
export function clientId({ service, instanceId }: ClientIdParts): string {
  validateServiceName(service);
  const failure = instanceIdFailure(instanceId);
  if (failure) {
    throw new NamingError({
      subject: 'instance id',
      value: instanceId,
      ...failure,
      example: INSTANCE_ID_EXAMPLE,
    });
  }
  return `${service}.${instanceId}`;
}

// Host names may carry upper case and dots, so those are allowed; the set is what Kafka once
// required of client ids, and stays safe in metric and quota names.
function instanceIdFailure(instanceId: unknown): Failure | undefined {
  const notString = typeFailure(instanceId);
  if (notString) return notString;
  const text = instanceId as string;
  if (text === '') return { rule: 'empty', detail: 'must not be empty' };
  if (text.length > MAX_INSTANCE_ID_LENGTH) {
    return {
      rule: 'too-long',
      detail: `must be at most ${MAX_INSTANCE_ID_LENGTH} characters, received ${text.length}`,
    };
  }
  if (!/^[A-Za-z0-9]/.test(text)) {
    return {
      rule: 'characters',
      detail: `must start with a letter or digit, received ${JSON.stringify(text.charAt(0))}`,
    };
  }
  const stray = /[^A-Za-z0-9._-]/.exec(text);
  if (stray) {
    return {
      rule: 'characters',
      detail: `may contain only letters, digits, ".", "_" and "-", received ${JSON.stringify(stray[0])}`,
    };
  }
  return undefined;
}
