import { KafkaConfigError } from '@platform/kafka';
import {
  collectProblems,
  type ConfigReaderContext,
  serviceConfigFromEnv,
  ServiceConfigError,
} from './service-config';

/** What a healthy environment sets. */
const VALID: NodeJS.ProcessEnv = { KAFKA_BROKERS: '127.0.0.1:9092' };

function errorOf(env: NodeJS.ProcessEnv): ServiceConfigError {
  try {
    serviceConfigFromEnv({ service: 'billing', defaultPort: 3004, env });
  } catch (error) {
    if (error instanceof ServiceConfigError) return error;
    throw error;
  }
  throw new Error('expected a ServiceConfigError');
}

const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => errorOf(env).problems;

describe('serviceConfigFromEnv', () => {
  it('reads the port and the brokers', () => {
    const config = serviceConfigFromEnv({
      service: 'billing',
      defaultPort: 3004,
      env: { PORT: '8080', KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092' },
    });
    expect(config.port).toBe(8080);
    expect(config.kafka).toMatchObject({
      service: 'billing',
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
    });
  });

  it('listens on the default port when PORT is not set or blank', () => {
    const config = (env: NodeJS.ProcessEnv) =>
      serviceConfigFromEnv({ service: 'billing', defaultPort: 3004, env });
    expect(config(VALID).port).toBe(3004);
    expect(config({ ...VALID, PORT: ' ' }).port).toBe(3004);
  });

  it('lists every problem at once, each with a valid example, under the app name', () => {
    const error = errorOf({ PORT: 'eighty', KAFKA_SSL: 'yes' });
    expect(error.problems).toEqual([
      'PORT is "eighty": expected a whole number from 1 to 65535, e.g. PORT=3004',
      'KAFKA_BROKERS is not set: expected host:port[,host:port], e.g. KAFKA_BROKERS=127.0.0.1:9092',
      'KAFKA_SSL is "yes": expected true or false',
    ]);
    expect(error.message).toBe(
      [
        'Invalid configuration for billing-service:',
        '  - PORT is "eighty": expected a whole number from 1 to 65535, e.g. PORT=3004',
        '  - KAFKA_BROKERS is not set: expected host:port[,host:port], e.g. KAFKA_BROKERS=127.0.0.1:9092',
        '  - KAFKA_SSL is "yes": expected true or false',
      ].join('\n'),
    );
  });

  it('refuses a port out of range or not a whole number', () => {
    expect(problemsOf({ ...VALID, PORT: '70000' })).toEqual([
      expect.stringContaining('PORT is "70000"'),
    ]);
    expect(problemsOf({ ...VALID, PORT: '0' })).toEqual([expect.stringContaining('PORT is "0"')]);
    expect(problemsOf({ ...VALID, PORT: '80.5' })).toEqual([
      expect.stringContaining('PORT is "80.5"'),
    ]);
  });

  it('keeps the service consumer defaults under what the environment sets', () => {
    const session = { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000 };
    const config = (env: NodeJS.ProcessEnv) =>
      serviceConfigFromEnv({ service: 'billing', defaultPort: 3004, consumer: { session }, env })
        .consumer;
    expect(config(VALID)).toEqual({ session });
    expect(config({ ...VALID, KAFKA_CREATE_DERIVED_TOPICS: 'true' })).toEqual({
      session,
      createDerivedTopics: true,
    });
  });

  it('creates missing retry and dead-letter topics only when KAFKA_CREATE_DERIVED_TOPICS=true', () => {
    const config = (env: NodeJS.ProcessEnv) =>
      serviceConfigFromEnv({ service: 'billing', defaultPort: 3004, env });
    expect(config(VALID).consumer?.createDerivedTopics).toBeUndefined();
    expect(config({ ...VALID, KAFKA_CREATE_DERIVED_TOPICS: 'true' }).consumer).toEqual({
      createDerivedTopics: true,
    });
    expect(problemsOf({ ...VALID, KAFKA_CREATE_DERIVED_TOPICS: 'yes' })).toEqual([
      expect.stringContaining('KAFKA_CREATE_DERIVED_TOPICS is "yes"'),
    ]);
  });

  it('reads the service extras in order, their problems in the same list', () => {
    const seen: ConfigReaderContext[] = [];
    const retries = (context: ConfigReaderContext): number => {
      seen.push(context);
      const raw = context.env.RETRIES ?? '3';
      if (!/^\d+$/.test(raw)) context.problems.push(`RETRIES is "${raw}": expected a whole number`);
      return Number(raw);
    };
    const region = ({ env, problems }: ConfigReaderContext): string => {
      if (!env.REGION) problems.push('REGION is not set');
      return env.REGION ?? '';
    };
    const config = serviceConfigFromEnv({
      service: 'billing',
      defaultPort: 3004,
      env: { ...VALID, REGION: 'eu' },
      extras: { retries, region },
    });
    expect(config).toMatchObject({ port: 3004, retries: 3, region: 'eu' });
    expect(seen[0]).toMatchObject({ service: 'billing', env: { REGION: 'eu' } });

    let error: unknown;
    try {
      serviceConfigFromEnv({
        service: 'billing',
        defaultPort: 3004,
        env: { PORT: 'x', RETRIES: 'many' },
        extras: { retries, region },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServiceConfigError);
    expect((error as ServiceConfigError).problems).toEqual([
      expect.stringContaining('PORT is "x"'),
      expect.stringContaining('KAFKA_BROKERS is not set'),
      'RETRIES is "many": expected a whole number',
      'REGION is not set',
    ]);
  });

  it('throws a broken naming rule as it is, not as a configuration problem', () => {
    expect(() =>
      serviceConfigFromEnv({ service: 'Billing', defaultPort: 3004, env: VALID }),
    ).toThrow(/rule: lowercase/);
  });
});

describe('collectProblems', () => {
  it('adds the problems of the given error class and returns the fallback', () => {
    const problems = ['first'];
    const value = collectProblems(
      problems,
      KafkaConfigError,
      () => {
        throw new KafkaConfigError(['second', 'third']);
      },
      'fallback',
    );
    expect(value).toBe('fallback');
    expect(problems).toEqual(['first', 'second', 'third']);
    expect(collectProblems(problems, KafkaConfigError, () => 'read', 'fallback')).toBe('read');
  });

  it('throws any other error', () => {
    expect(() =>
      collectProblems(
        [],
        KafkaConfigError,
        () => {
          throw new TypeError('bug');
        },
        undefined,
      ),
    ).toThrow(TypeError);
  });
});
