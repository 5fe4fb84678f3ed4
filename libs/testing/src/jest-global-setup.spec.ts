import globalSetup from './jest-global-setup';
import { resolveKafkaBroker } from './kafka-broker';
import { resolvePostgres } from './postgres';
import { startedResources } from './started-resources';

jest.mock('./kafka-broker');
jest.mock('./postgres');

describe('jest global setup', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    startedResources.splice(0);
  });

  it('stops the broker container it started when no Postgres is found: Jest runs no teardown then', async () => {
    const container = { stop: jest.fn(async () => undefined) };
    jest.mocked(resolveKafkaBroker).mockResolvedValue({
      brokers: ['localhost:32768'],
      source: 'testcontainers',
      container: container as never,
    });
    jest
      .mocked(resolvePostgres)
      .mockRejectedValue(new Error('No Postgres for the integration tests'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);

    await expect(globalSetup()).rejects.toThrow('No Postgres for the integration tests');
    expect(container.stop).toHaveBeenCalledTimes(1);
    expect(startedResources).toEqual([]);
  });
});
