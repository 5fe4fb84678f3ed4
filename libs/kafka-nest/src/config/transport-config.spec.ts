import { KafkaConfigError } from '@platform/kafka';
import { transportOptionsFromEnv } from './transport-config';

describe('transportOptionsFromEnv', () => {
  it('creates derived topics only when KAFKA_CREATE_DERIVED_TOPICS is true', () => {
    expect(transportOptionsFromEnv({})).toEqual({});
    expect(transportOptionsFromEnv({ KAFKA_CREATE_DERIVED_TOPICS: 'true' })).toEqual({
      createDerivedTopics: true,
    });
    expect(transportOptionsFromEnv({ KAFKA_CREATE_DERIVED_TOPICS: ' false ' })).toEqual({
      createDerivedTopics: false,
    });
  });

  it('refuses anything but true or false, with an example', () => {
    expect(() => transportOptionsFromEnv({ KAFKA_CREATE_DERIVED_TOPICS: 'yes' })).toThrow(
      KafkaConfigError,
    );
    expect(() => transportOptionsFromEnv({ KAFKA_CREATE_DERIVED_TOPICS: 'yes' })).toThrow(
      'e.g. KAFKA_CREATE_DERIVED_TOPICS=true',
    );
  });
});
