import { defineCatalog, type TopicCatalog } from '@platform/kafka';
import { OutboxModule } from './outbox.module';
import type { OutboxModuleOptions } from './outbox-module-options';

const catalog = defineCatalog({ service: 'billing', topics: [] });
const postgres = { url: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'billing' };

/** What forRoot throws for these options; fails the test when it throws nothing. */
function refusal(options: Partial<OutboxModuleOptions> | undefined): string {
  try {
    OutboxModule.forRoot(options as OutboxModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('OutboxModule.forRoot accepted the options');
}

// Nest creates the database provider only when the app starts: a bad option there fails late, and
// some (no url, no dataDir) do not fail at all but open an in-memory database whose outbox and
// inbox are gone at the next restart. forRoot refuses them when the app module is declared.
describe('OutboxModule.forRoot options', () => {
  it('accepts a Postgres URL or a PGlite folder', () => {
    expect(OutboxModule.forRoot({ service: 'billing', database: postgres, catalog }).module).toBe(
      OutboxModule,
    );
    expect(
      OutboxModule.forRoot({ service: 'billing', database: { dataDir: './data' }, catalog }).module,
    ).toBe(OutboxModule);
  });

  it.each([
    ['no location', {}],
    ['an unset DATABASE_URL', { url: undefined, schema: 'billing' }],
    ['only the PGlite driver', { driver: 'pglite' as const }],
  ])('refuses a database that would be in memory (%s), naming the fix', (_case, database) => {
    expect(refusal({ service: 'billing', database, catalog })).toBe(
      'Invalid OutboxModule.forRoot options:\n' +
        "  - database has neither url nor dataDir: that opens DATABASE_URL when it is set and an in-memory database otherwise, whose outbox and inbox are lost at every restart. Pass database: databaseConfigFromEnv('billing') (it reads DATABASE_URL or PGLITE_DATA_DIR and refuses neither), or { url } for Postgres, { dataDir } for PGlite in a folder",
    );
  });

  it('refuses a PGlite dataDir that is not a folder', () => {
    expect(
      refusal({ service: 'billing', database: { dataDir: 'memory://outbox' }, catalog }),
    ).toContain(
      'database.dataDir is "memory://outbox": PGlite keeps it in memory, so the outbox and inbox would not survive a restart; expected a folder, e.g. dataDir: \'./data\'',
    );
  });

  it('refuses at once what openDatabase would refuse only when the app starts', () => {
    expect(refusal({ service: 'billing', database: { url: ' ' }, catalog })).toContain(
      "database.url is blank (a DATABASE_URL set to nothing?): expected a Postgres URL, e.g. postgres://postgres@127.0.0.1:5432/postgres, or database: databaseConfigFromEnv('billing')",
    );
    expect(
      refusal({ service: 'billing', database: { ...postgres, dataDir: './data' }, catalog }),
    ).toContain(
      'database: Invalid database options: pass url (Postgres) or dataDir (PGlite), not both.',
    );
    expect(refusal({ service: 'billing', database: { url: 'localhost:5432' }, catalog })).toContain(
      'Invalid url "localhost:5432"',
    );
    expect(
      refusal({ service: 'billing', database: { ...postgres, schema: 'Billing' }, catalog }),
    ).toContain('Invalid schema "Billing"');
  });

  it.each([[''], ['  '], [undefined], [42]])('refuses the service name %p', (service) => {
    expect(refusal({ service: service as string, database: postgres, catalog })).toBe(
      'Invalid OutboxModule.forRoot options:\n' +
        `  - service is ${JSON.stringify(service)}: expected the service's name, which its inbox records events under, e.g. service: SERVICE_NAME ('billing')`,
    );
  });

  it('lists every problem at once, a missing database and catalog included', () => {
    expect(
      refusal({ service: '', database: undefined, catalog: undefined as unknown as TopicCatalog }),
    ).toBe(
      'Invalid OutboxModule.forRoot options:\n' +
        `  - service is "": expected the service's name, which its inbox records events under, e.g. service: SERVICE_NAME ('billing')\n` +
        "  - database is missing: expected where the outbox lives, e.g. database: databaseConfigFromEnv('billing')\n" +
        '  - catalog is missing: expected the topics the service writes to its outbox, e.g. catalog: serviceCatalog',
    );
    expect(refusal(undefined)).toBe(
      'Invalid OutboxModule.forRoot options: expected { service, database, catalog }, received undefined',
    );
  });
});
