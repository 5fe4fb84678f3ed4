import { chooseDriver } from './open-database';

describe('chooseDriver', () => {
  const env = { DATABASE_URL: 'postgres://postgres@db:5432/app' };

  it('takes an explicit url over everything', () => {
    expect(chooseDriver({ url: 'postgres://x/y', env })).toEqual({
      driver: 'postgres',
      url: 'postgres://x/y',
    });
  });

  it('takes PGlite for a dataDir even when DATABASE_URL is set', () => {
    expect(chooseDriver({ dataDir: '/tmp/db', env })).toEqual({
      driver: 'pglite',
      dataDir: '/tmp/db',
    });
  });

  it('falls back to DATABASE_URL, then to an in-memory PGlite', () => {
    expect(chooseDriver({ env })).toEqual({ driver: 'postgres', url: env.DATABASE_URL });
    expect(chooseDriver({ env: {} })).toEqual({ driver: 'pglite', dataDir: undefined });
    expect(chooseDriver({ env: { DATABASE_URL: '  ' } })).toEqual({
      driver: 'pglite',
      dataDir: undefined,
    });
  });

  it('honours a forced driver', () => {
    expect(chooseDriver({ driver: 'pglite', env })).toEqual({
      driver: 'pglite',
      dataDir: undefined,
    });
    expect(chooseDriver({ driver: 'postgres', env })).toEqual({
      driver: 'postgres',
      url: env.DATABASE_URL,
    });
  });

  it('refuses contradictions with a precise message', () => {
    expect(() => chooseDriver({ url: 'postgres://x/y', dataDir: '/tmp/db' })).toThrow(
      'Invalid database options: pass url (Postgres) or dataDir (PGlite), not both.',
    );
    expect(() => chooseDriver({ driver: 'postgres', env: {} })).toThrow(
      'Invalid database options: driver "postgres" needs url or DATABASE_URL, received neither.',
    );
    expect(() => chooseDriver({ driver: 'pglite', url: 'postgres://x/y' })).toThrow(
      'driver "pglite" cannot take a url',
    );
    // `openDatabase({ url: process.env.DATABASE_URL })` with `DATABASE_URL=` in a .env file.
    expect(() => chooseDriver({ url: ' ', env })).toThrow(
      'Invalid database options: url is empty. Pass a Postgres URL, e.g. postgres://postgres@127.0.0.1:5432/postgres, or leave url out (DATABASE_URL, else PGlite).',
    );
    expect(() => chooseDriver({ driver: 'mysql' as never })).toThrow(
      'Invalid driver, expected "postgres" or "pglite" received "mysql"',
    );
  });
});
