import type { TopicCatalog } from '../topics';

/** What a subscription's mode depends on: a consumer's subscription fits, and so does a provisioning script's. */
export interface OrderedModeSource {
  /** The consuming service. */
  service: string;
  catalog: TopicCatalog;
  /** The subscribed topic. */
  topic: string;
  /** The caller's own setting (a subscription's `ordered`); undefined = the catalog decides. */
  ordered?: boolean;
  /**
   * How a conflict's message names the caller's setting; default "the subscription's ordered".
   * KafkaTransport passes "consumer.orderedTopics", the option its users wrote.
   */
  option?: string;
}

/**
 * Whether a subscription is ordered (blocking in-place retries, no retry topics): the caller's
 * `ordered`, else whether its service's catalog lists the topic in `orderedTopics` (`defineCatalog({
 * ..., orderedTopics })`), else not. The consumer, consumerDerivedTopics (so ensureConsumerTopics
 * and `npm run topics -- apply`) and KafkaTransport all ask this, so provisioning plans no retry
 * topics for a subscription that never reads them. A catalog's orderedTopics are its own service's:
 * a consumer of another service (catalog.service !== service) does not take them. A catalog that
 * declares orderedTopics decides for every topic, like declared retry topic delays: the caller's
 * setting, when given, must agree with it, or this throws and says which one to remove.
 */
export function orderedModeFor({
  service,
  catalog,
  topic,
  ordered,
  option = "the subscription's ordered",
}: OrderedModeSource): boolean {
  const declared = catalog?.service === service ? catalog.orderedTopics : undefined;
  const fromCatalog = declared === undefined ? undefined : declared.includes(topic);
  if (ordered !== undefined && fromCatalog !== undefined && ordered !== fromCatalog) {
    const conflict =
      `Conflicting ordered mode of ${topic} for ${service}: ${option} makes it ${mode(ordered)} ` +
      `but the ${service} catalog's orderedTopics ${fromCatalog ? 'lists it' : 'does not list it'} (${mode(fromCatalog)}).`;
    throw new RangeError(
      fromCatalog
        ? `${conflict} Remove ${option}: the catalog decides, and \`npm run topics -- apply\` reads it too.`
        : `${conflict} Remove ${option} and, if ${topic} needs per-key order, add it to the ${service} catalog's ` +
          'orderedTopics, which `npm run topics -- apply` reads too.',
    );
  }
  return ordered ?? fromCatalog ?? false;
}

function mode(ordered: boolean): string {
  return ordered ? 'ordered' : 'unordered';
}
