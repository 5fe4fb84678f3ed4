import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOUDEVENTS_SPEC_VERSION, EnvelopeHeader, JSON_CONTENT_TYPE } from '@platform/kafka';
import { outboxMigrations } from './migrations';
import { OUTBOX_TABLE } from './tables';

// The sample Debezium connector in debezium/ is not run by CI; these checks keep it from drifting
// away from the columns the migrations create and from the headers our consumers decode.

const LIBRARY_ROOT = join(__dirname, '..', '..');
const SAMPLE_PATH = join(LIBRARY_ROOT, 'debezium', 'outbox-connector.json');
const ROUTER = 'io.debezium.transforms.outbox.EventRouter';
const INSERT_HEADER = 'org.apache.kafka.connect.transforms.InsertHeader';

type ConnectorConfig = Record<string, string>;

function sampleConnector(): { name: string; config: ConnectorConfig } {
  return JSON.parse(readFileSync(SAMPLE_PATH, 'utf8'));
}

/** Column names of the outbox table, as the migrations create them (CREATE TABLE, then ADD COLUMN). */
function outboxColumns(migrationSql: readonly string[]): string[] {
  const columns: string[] = [];
  for (const sql of migrationSql) {
    const create = new RegExp(
      `CREATE TABLE (?:IF NOT EXISTS )?${OUTBOX_TABLE} \\(([\\s\\S]*?)\\n\\);`,
      'i',
    ).exec(sql);
    for (const line of create?.[1].split('\n') ?? []) {
      const definition = line.replace(/--.*$/, '').trim();
      const name = /^([a-z_][a-z0-9_]*)\s/i.exec(definition)?.[1];
      if (name && !/^(PRIMARY|CONSTRAINT|UNIQUE|CHECK|FOREIGN|EXCLUDE)$/i.test(name))
        columns.push(name);
    }
    const added = new RegExp(
      `ALTER TABLE ${OUTBOX_TABLE}\\s+ADD COLUMN (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)`,
      'gi',
    );
    for (const match of sql.matchAll(added)) columns.push(match[1]);
  }
  return columns;
}

/** The router's options without the `transforms.<name>.` prefix. */
function routerOptions(config: ConnectorConfig): Record<string, string> {
  const name = transformNames(config).find(
    (transform) => config[`transforms.${transform}.type`] === ROUTER,
  );
  if (!name) throw new Error(`No ${ROUTER} transform in the sample connector.`);
  const prefix = `transforms.${name}.`;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

function transformNames(config: ConnectorConfig): string[] {
  return config.transforms.split(',').map((name) => name.trim());
}

/** `column:placement[:alias]` entries of table.fields.additional.placement. */
function additionalPlacements(
  value: string,
): { column: string; placement: string; alias?: string }[] {
  return value.split(',').map((entry) => {
    const [column, placement, alias] = entry.trim().split(':');
    return { column, placement, alias };
  });
}

/** Headers the sample sets: the router's placements with their aliases, and InsertHeader literals. */
function headersSet(config: ConnectorConfig): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { column, placement, alias } of additionalPlacements(
    routerOptions(config)['table.fields.additional.placement'],
  )) {
    if (placement === 'header') headers.set(alias ?? column, `column ${column}`);
  }
  for (const name of transformNames(config)) {
    if (config[`transforms.${name}.type`] === INSERT_HEADER)
      headers.set(config[`transforms.${name}.header`], config[`transforms.${name}.value.literal`]);
  }
  return headers;
}

describe('outboxColumns', () => {
  it('reads the column names of CREATE TABLE and ADD COLUMN, not constraints or comments', () => {
    const sql = [
      `CREATE TABLE ${OUTBOX_TABLE} (\n  id uuid PRIMARY KEY, -- the id\n  payload jsonb NOT NULL,\n  PRIMARY KEY (id)\n);`,
      `ALTER TABLE ${OUTBOX_TABLE} ADD COLUMN IF NOT EXISTS trace text;`,
    ];
    expect(outboxColumns(sql)).toEqual(['id', 'payload', 'trace']);
  });
});

describe('the sample Debezium connector (debezium/outbox-connector.json)', () => {
  const { config } = sampleConnector();
  const router = routerOptions(config);
  const columns = outboxColumns(outboxMigrations().map((migration) => migration.sql));

  it('reads the outbox table the migrations create, and only that table', () => {
    expect(columns).toEqual(
      expect.arrayContaining([
        'id',
        'aggregatetype',
        'aggregateid',
        'type',
        'payload',
        'topic',
        'headers',
        'created_at',
      ]),
    );
    expect(config['connector.class']).toBe('io.debezium.connector.postgresql.PostgresConnector');
    expect(config['table.include.list']).toBe(`public.${OUTBOX_TABLE}`);
  });

  it('maps the event id, key and payload to our columns', () => {
    expect({
      id: router['table.field.event.id'],
      key: router['table.field.event.key'],
      payload: router['table.field.event.payload'],
    }).toEqual({ id: 'id', key: 'aggregateid', payload: 'payload' });
    for (const column of [
      router['table.field.event.id'],
      router['table.field.event.key'],
      router['table.field.event.payload'],
    ])
      expect(columns).toContain(column);
    // The payload is jsonb: expanded back into JSON, written without a Connect schema envelope.
    expect(router['table.expand.json.payload']).toBe('true');
    expect(config['value.converter']).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(config['value.converter.schemas.enable']).toBe('false');
    // The key as the plain string our producer sends, so both land on the same partition.
    expect(config['key.converter']).toBe('org.apache.kafka.connect.storage.StringConverter');
  });

  it('routes each row to the topic in its topic column, unchanged', () => {
    expect(router['route.by.field']).toBe('topic');
    expect(columns).toContain(router['route.by.field']);
    expect(router['route.topic.replacement']).toBe('${routedByValue}');
    // The default regex captures the whole value; an override could cut or prefix it.
    expect(router['route.topic.regex']).toBeUndefined();
  });

  it('places existing columns as headers under our envelope names', () => {
    const placements = additionalPlacements(router['table.fields.additional.placement']);
    for (const { column, placement } of placements) {
      expect(columns).toContain(column);
      expect(placement).toBe('header');
    }
    expect(placements).toEqual([
      { column: 'id', placement: 'header', alias: EnvelopeHeader.Id },
      { column: 'type', placement: 'header', alias: EnvelopeHeader.Type },
      { column: 'created_at', placement: 'header', alias: EnvelopeHeader.Time },
    ]);
  });

  it('sets every header a consumer needs to decode the event', () => {
    const headers = headersSet(config);
    for (const required of [
      EnvelopeHeader.Id,
      EnvelopeHeader.Type,
      EnvelopeHeader.Source,
      EnvelopeHeader.SpecVersion,
    ])
      expect(headers.has(required)).toBe(true);
    expect(headers.get(EnvelopeHeader.SpecVersion)).toBe(CLOUDEVENTS_SPEC_VERSION);
    expect(headers.get(EnvelopeHeader.ContentType)).toBe(JSON_CONTENT_TYPE);
    expect(headers.get(EnvelopeHeader.Source)).toMatch(/^\/services\/[a-z][a-z0-9-]*$/);
    expect(config['header.converter']).toBe('org.apache.kafka.connect.storage.StringConverter');
  });

  it('declares a type for every transform it lists', () => {
    for (const name of transformNames(config))
      expect(config[`transforms.${name}.type`]).toBeDefined();
  });

  it('starts streaming from the slot instead of re-publishing the whole table', () => {
    expect(config['snapshot.mode']).toBe('no_data');
  });

  it('is the configuration the README shows', () => {
    const readme = readFileSync(join(LIBRARY_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Moving to CDC'));
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block as string)).toEqual(sampleConnector());
  });
});
