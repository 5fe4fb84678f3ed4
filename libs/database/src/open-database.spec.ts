import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseDriver, openDatabase } from './open-database';

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

  describe('driver "postgres" with a dataDir (a PGlite folder)', () => {
    const contradiction =
      'Invalid database options: driver "postgres" cannot take a dataDir (a PGlite folder). Leave out dataDir to use Postgres (url or DATABASE_URL), or driver to use PGlite in dataDir.';

    it('is refused, whether or not DATABASE_URL would give Postgres a URL', () => {
      expect(() => chooseDriver({ driver: 'postgres', dataDir: '/tmp/db', env })).toThrow(
        contradiction,
      );
      expect(() => chooseDriver({ driver: 'postgres', dataDir: '/tmp/db', env: {} })).toThrow(
        contradiction,
      );
    });

    it('makes openDatabase refuse before it opens anything', async () => {
      // DATABASE_URL names a port nothing listens on: the dataDir was ignored and Postgres dialled.
      const dataDir = join(tmpdir(), `open-database-spec-${process.pid}-${Date.now()}`);
      await expect(
        openDatabase({
          driver: 'postgres',
          dataDir,
          env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
        }),
      ).rejects.toThrow(contradiction);
      expect(existsSync(dataDir)).toBe(false);
    });
  });

  it('refuses a blank DATABASE_URL for a forced Postgres driver', () => {
    expect(() => chooseDriver({ driver: 'postgres', env: { DATABASE_URL: '  ' } })).toThrow(
      'Invalid database options: driver "postgres" needs url or DATABASE_URL, received neither.',
    );
  });

  it('accepts the URL forms pg reads: postgres(ql)://, socket: and a socket folder', () => {
    for (const url of [
      'postgresql://app:s3cret@db.internal:6432/orders?sslmode=require',
      'postgres://postgres@/orders?host=/var/run/postgresql',
      'socket:/var/run/postgresql?db=orders',
      '/var/run/postgresql orders',
    ])
      expect(chooseDriver({ url })).toEqual({ driver: 'postgres', url });
  });

  // pg would take these and fail at the first query with "getaddrinfo ENOTFOUND base", "no
  // PostgreSQL user name specified in startup packet" or a bare "Invalid URL".
  it.each([
    ['host=db user=app', 'url'],
    ['localhost:5432', 'url'],
    ['postgres//postgres@127.0.0.1/app', 'url'],
    ['mysql://root@127.0.0.1/app', 'url'],
    ['postgres://app:s3cret@127.0.0.1:99999/app', 'DATABASE_URL'],
  ])('refuses %j (from %s) before anything connects, naming where it came from', (bad, from) => {
    const options = from === 'url' ? { url: bad } : { env: { DATABASE_URL: bad } };
    const error = (() => {
      try {
        chooseDriver(options);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toMatch(
      new RegExp(
        `^Invalid ${from} ".*": expected postgres://user\\[:password\\]@host\\[:port\\]/database`,
      ),
    );
    // A password never lands in a log line.
    expect(error?.message).not.toContain('s3cret');
  });
});
