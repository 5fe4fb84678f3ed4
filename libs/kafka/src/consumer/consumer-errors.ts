/** Topics the consumer reads or writes are not on the cluster; auto-creation is off by design. */
export class MissingTopicsError extends Error {
  constructor(
    readonly topics: readonly string[],
    readonly service: string,
  ) {
    super(
      `Cannot start the ${service} consumer: missing topic(s) ${topics.join(', ')}. ` +
        'Provision them first: consumerDerivedTopics(options) lists the retry and dead-letter topics, ' +
        'ensureConsumerTopics(admin, options) creates them.',
    );
    this.name = 'MissingTopicsError';
  }
}
