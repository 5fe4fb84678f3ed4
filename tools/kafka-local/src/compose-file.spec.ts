import { parse } from 'yaml';
import { COMPOSE_HEADER, updateComposeFile } from './compose-file';

const APP_SERVICES = `# written by another generator
name: platform
x-app: &app
  restart: unless-stopped
services:
  # the orders app
  orders-service:
    <<: *app
    build: apps/orders-service
    depends_on:
      kafka-1: { condition: service_healthy }
  kafka-4:
    image: apache/kafka:3.9.0
  postgres:
    image: postgres:15
  billing:
    image: billing:latest # keep me
volumes:
  orders-cache:
  kafka-4-data: {}
`;

describe('updateComposeFile', () => {
  it('writes a new file with the header, the cluster, Postgres and their volumes', () => {
    const text = updateComposeFile(undefined);
    expect(text.startsWith(`# ${COMPOSE_HEADER.trim().split('\n')[0].trim()}`)).toBe(true);
    const compose = parse(text);
    expect(Object.keys(compose.services)).toEqual(['kafka-1', 'kafka-2', 'kafka-3', 'postgres']);
    expect(Object.keys(compose.volumes)).toEqual([
      'kafka-1-data',
      'kafka-2-data',
      'kafka-3-data',
      'postgres-data',
    ]);
  });

  it('replaces only its own services and volumes, keeping the others verbatim', () => {
    const text = updateComposeFile(APP_SERVICES);
    const compose = parse(text, { merge: true });
    expect(Object.keys(compose.services)).toEqual([
      'orders-service',
      'postgres',
      'billing',
      'kafka-1',
      'kafka-2',
      'kafka-3',
    ]);
    expect(compose.services.postgres.image).toBe('postgres:16');
    expect(compose.services['orders-service']).toEqual({
      restart: 'unless-stopped',
      build: 'apps/orders-service',
      depends_on: { 'kafka-1': { condition: 'service_healthy' } },
    });
    expect(Object.keys(compose.volumes)).toEqual([
      'orders-cache',
      'kafka-1-data',
      'kafka-2-data',
      'kafka-3-data',
      'postgres-data',
    ]);
    expect(compose.name).toBe('platform');
    for (const kept of [
      '# the orders app',
      'x-app: &app',
      '<<: *app',
      'image: billing:latest # keep me',
      '# written by another generator',
    ]) {
      expect(text).toContain(kept);
    }
  });

  it('is idempotent', () => {
    for (const start of [undefined, APP_SERVICES, 'services:\n  app:\n    image: x\n']) {
      const once = updateComposeFile(start);
      expect(updateComposeFile(once)).toBe(once);
    }
  });

  it('refuses a file that is not a YAML mapping', () => {
    expect(() => updateComposeFile('services: [unclosed')).toThrow(
      'docker-compose.yml is not valid YAML',
    );
    expect(() => updateComposeFile('- a\n- b\n')).toThrow('must be a mapping at the top level');
  });
});
