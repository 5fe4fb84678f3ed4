import type { TopicCatalog } from '../topics';

export const DEFAULT_RETRY_TOPIC_DELAYS_MS: readonly number[] = Object.freeze([
  10_000, 60_000, 600_000,
]);

/** What the delays depend on: a consumer's options fit, and so does a provisioning script's. */
export interface RetryTopicDelaysSource {
  service: string;
  catalog: TopicCatalog;
  retry?: { retryTopicDelaysMs?: readonly number[] };
}

/**
 * The delays of a consumer's retry topics, one topic per delay: the consumer's own
 * `retry.retryTopicDelaysMs`, else those its service's catalog declares (`defineCatalog({ ...,
 * retryTopicDelaysMs })`), else the default. The consumer, consumerDerivedTopics (so
 * ensureConsumerTopics and `npm run topics -- apply`) all ask this, so provisioning creates exactly
 * what the consumer reads. A catalog's delays are its own service's: a consumer of another
 * service (catalog.service !== service) does not take them. Both given and different: an error.
 */
export function retryTopicDelaysFor({
  service,
  catalog,
  retry,
}: RetryTopicDelaysSource): readonly number[] {
  const fromOptions = retry?.retryTopicDelaysMs;
  const fromCatalog = catalog?.service === service ? catalog.retryTopicDelaysMs : undefined;
  if (
    fromOptions !== undefined &&
    fromCatalog !== undefined &&
    !sameDelays(fromOptions, fromCatalog)
  ) {
    throw new RangeError(
      `Conflicting retry topic delays for ${service}: the consumer's retry.retryTopicDelaysMs is ${show(fromOptions)} ` +
        `but the ${service} catalog declares retryTopicDelaysMs ${show(fromCatalog)}. Remove retry.retryTopicDelaysMs ` +
        'from the consumer options: the catalog is where `npm run topics -- apply` reads them too.',
    );
  }
  return fromOptions ?? fromCatalog ?? DEFAULT_RETRY_TOPIC_DELAYS_MS;
}

function sameDelays(a: readonly number[], b: readonly number[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((delay, index) => delay === b[index]);
}

function show(delays: readonly unknown[]): string {
  return Array.isArray(delays) ? `[${delays.join(', ')}]` : String(delays);
}
