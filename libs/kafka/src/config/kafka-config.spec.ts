import { KafkaConfigError, kafkaConfigFromEnv, toKafkaJsConfig } from './kafka-config';

describe('kafkaConfigFromEnv', () => {
  it('reads brokers, client id, TLS and SASL', () => {
    const config = kafkaConfigFromEnv('orders', {
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_CLIENT_ID: 'orders.pod-7',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'orders',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(config).toEqual({
      service: 'orders',
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      clientId: 'orders.pod-7',
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'orders', password: 'secret' },
    });
    expect(toKafkaJsConfig(config)).toMatchObject({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      clientId: 'orders.pod-7',
      ssl: true,
    });
  });

  it('derives the client id from service and instance', () => {
    expect(kafkaConfigFromEnv('orders', { KAFKA_BROKERS: '127.0.0.1:9092' }).clientId).toMatch(
      /^orders\.[^.]+-\d+$/,
    );
  });

  it('derives a valid client id from any host name (too long, or with characters the naming rules refuse)', () => {
    // The module kafka-config.ts reads hostname from (an `import * as` namespace is a copy).
    const host = jest.spyOn(jest.requireActual<typeof import('node:os')>('node:os'), 'hostname');
    try {
      for (const name of [`build-agent.${'x'.repeat(200)}`, '_Mac Book#2']) {
        host.mockReturnValue(name);
        const { clientId } = kafkaConfigFromEnv('orders', { KAFKA_BROKERS: '127.0.0.1:9092' });
        expect(clientId).toMatch(/^orders\.[A-Za-z0-9][A-Za-z0-9._-]*-\d+$/);
        expect(clientId.length - 'orders.'.length).toBeLessThanOrEqual(128);
      }
    } finally {
      host.mockRestore();
    }
  });

  it('lists every problem at once, each with what was expected', () => {
    let error: unknown;
    try {
      kafkaConfigFromEnv('orders', {
        KAFKA_BROKERS: 'kafka-1',
        KAFKA_SSL: 'yes',
        KAFKA_SASL_MECHANISM: 'gssapi',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KafkaConfigError);
    expect((error as KafkaConfigError).problems).toEqual([
      'KAFKA_BROKERS has "kafka-1": expected host:port, e.g. kafka-1:9092',
      'KAFKA_SSL is "yes": expected true or false',
      'KAFKA_SASL_MECHANISM is "gssapi": expected one of plain, scram-sha-256, scram-sha-512',
    ]);
  });

  it("refuses SASL credentials with a line break (a secret file's trailing newline), never showing them", () => {
    expect(() =>
      kafkaConfigFromEnv('orders', {
        KAFKA_BROKERS: 'kafka-1:9092',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'orders\n',
        KAFKA_SASL_PASSWORD: 's3cret\r\n',
      }),
    ).toThrow(
      new KafkaConfigError([
        'KAFKA_SASL_USERNAME contains a line break (often the trailing newline of a secret file): remove it, the broker would refuse the login',
        'KAFKA_SASL_PASSWORD contains a line break (often the trailing newline of a secret file): remove it, the broker would refuse the login',
      ]),
    );
  });

  it('refuses a broker port outside 1..65535, which kafkajs would only fail on at connect', () => {
    expect(() =>
      kafkaConfigFromEnv('orders', { KAFKA_BROKERS: 'kafka-1:99999,kafka-2:0' }),
    ).toThrow(
      new KafkaConfigError([
        'KAFKA_BROKERS has "kafka-1:99999": the port must be from 1 to 65535, e.g. kafka-1:9092',
        'KAFKA_BROKERS has "kafka-2:0": the port must be from 1 to 65535, e.g. kafka-2:9092',
      ]),
    );
  });

  it('accepts a host name with an underscore, as Docker networks resolve (kafka_broker:9092)', () => {
    expect(
      kafkaConfigFromEnv('orders', { KAFKA_BROKERS: 'kafka_broker:9092,project_kafka_1:9093' })
        .brokers,
    ).toEqual(['kafka_broker:9092', 'project_kafka_1:9093']);
  });

  it('says KAFKA_BROKERS has no broker, not that it is unset, when it holds only commas and spaces', () => {
    expect(() => kafkaConfigFromEnv('orders', { KAFKA_BROKERS: ' , ' })).toThrow(
      'KAFKA_BROKERS is " , ", which names no broker: expected host:port[,host:port], e.g. KAFKA_BROKERS=127.0.0.1:9092',
    );
  });

  it('refuses a missing KAFKA_BROKERS with an example', () => {
    expect(() => kafkaConfigFromEnv('orders', {})).toThrow(
      'KAFKA_BROKERS is not set: expected host:port[,host:port], e.g. KAFKA_BROKERS=127.0.0.1:9092',
    );
  });

  it('refuses an invalid service name through the naming rules', () => {
    expect(() => kafkaConfigFromEnv('Orders', { KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(
      /rule: lowercase/,
    );
  });
});
