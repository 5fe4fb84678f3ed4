import { names } from '@nx/devkit';
import { NamingError, topicName, validateServiceName, validateTopicName } from '@platform/naming';

/** What a service is called in each place: `billing` → app `billing-service` in apps/billing-service. */
export interface ServiceNames {
  /** The service name: consumer group, catalog owner, part of retry/dead-letter topic names. */
  name: string;
  /** The Nx project and app directory, `<name>-service`. */
  projectName: string;
  projectRoot: string;
  /** `Billing` in class names. */
  className: string;
}

export function serviceNames(name: string): ServiceNames {
  validateServiceName(name);
  const projectName = `${name}-service`;
  return { name, projectName, projectRoot: `apps/${projectName}`, className: names(name).className };
}

/** Names derived from one event topic `<domain>.<entity>.<event>`. */
export interface TopicNames {
  topic: string;
  domain: string;
  entity: string;
  event: string;
  /** `order-created`: event contract and handler file names. */
  fileName: string;
  /** `OrderCreated`: the zod schema and its type. */
  className: string;
  /** `orderCreated`: publisher method; `orderCreatedTopic`, `orderCreatedExample`. */
  propertyName: string;
  /** `orderId`: the payload field the stub schema keys events by. */
  keyField: string;
  /** `order id`: the catalog's description of the key. */
  keyDescription: string;
  /** `order created`: words for comments. */
  words: string;
}

/**
 * @param prefixDomain  also put the domain into file and class names, for handlers of another
 *   domain's topics (billing handling orders.order.created and payments.order.created).
 */
export function topicNames(topic: string, prefixDomain = false): TopicNames {
  validateTopicName(topic);
  const [domain, entity, event] = topic.split('.');
  const fileName = prefixDomain ? `${domain}-${entity}-${event}` : `${entity}-${event}`;
  const { className, propertyName } = names(fileName);
  return {
    topic,
    domain,
    entity,
    event,
    fileName,
    className,
    propertyName,
    keyField: `${names(entity).propertyName}Id`,
    keyDescription: `${entity.replace(/-/g, ' ')} id`,
    words: `${entity} ${event}`.replace(/-/g, ' '),
  };
}

export const DOMAIN_EXAMPLE = 'orders';

/**
 * One lowercase segment (domain, library, layer, saga name): the topic segment rule of
 * @platform/naming, reported with that rule's code and detail against what is being named.
 */
export function validateSegmentName(value: string, subject: string, example: string): void {
  if (value === '') {
    throw new NamingError({ subject, value, rule: 'empty', detail: 'must not be empty', example });
  }
  try {
    topicName({ domain: value, entity: 'entity', event: 'created' });
  } catch (error) {
    if (!(error instanceof NamingError)) throw error;
    throw new NamingError({ subject, value, rule: error.rule, detail: error.detail.replace(/^segment "[^"]*" /, ''), example });
  }
}

/** A domain is the first segment of its topics. */
export function validateDomainName(domain: string): void {
  validateSegmentName(domain, 'domain', DOMAIN_EXAMPLE);
}

/** A library name is one segment: `libs/<name>`, package `@platform/<name>`. */
export function validateLibraryName(name: string): void {
  validateSegmentName(name, 'library name', 'money');
}
