import { isTestOnlyFile } from './test-only-file';

describe('isTestOnlyFile', () => {
  it.each([
    'libs/kafka/src/consumer/consumer.spec.ts',
    'libs/outbox/src/relay/relay.int.spec.ts',
    'libs/outbox/src/outbox.spec-helper.ts',
    'libs/outbox/src/relay/relay-process.fixture.ts',
    'libs/saga/src/fixtures/saga-system.ts',
  ])('%s is test-only', (file) => expect(isTestOnlyFile(file)).toBe(true));

  it.each(['libs/kafka/src/consumer/consumer.ts', 'libs/testing/src/jest-integration.js'])(
    '%s is runtime code',
    (file) => expect(isTestOnlyFile(file)).toBe(false),
  );
});
