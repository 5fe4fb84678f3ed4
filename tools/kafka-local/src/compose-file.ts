import { Document, isMap, isScalar, type Pair, parseDocument, type YAMLMap } from 'yaml';
import { isOwnedService, isOwnedVolume, type OwnedCompose, renderOwnedCompose } from './compose';

export const COMPOSE_HEADER = [
  ' The kafka-* and postgres services (and their volumes) are generated from',
  ' tools/kafka-local/src/cluster-settings.ts by `npm run compose:generate`: change them there.',
  ' Every other service is kept as is when the file is regenerated.',
  ' Postgres uses trust auth (dev only): postgres://postgres@localhost:${POSTGRES_PORT:-5432}/postgres',
  ' Apps on the host: KAFKA_BROKERS=localhost:9092,localhost:9093,localhost:9094',
  ' Other containers: KAFKA_BROKERS=kafka-1:19092,kafka-2:19092,kafka-3:19092',
].join('\n');

/**
 * docker-compose.yml with our services replaced and everything else (app services added by
 * generators, their comments, other top-level keys) left where it was. Idempotent: feeding the
 * result back in returns it unchanged.
 */
export function updateComposeFile(
  existing: string | undefined,
  owned: OwnedCompose = renderOwnedCompose(),
): string {
  const doc = existing?.trim() ? parseDocument(existing) : new Document({});
  if (doc.errors.length > 0)
    throw new Error(`docker-compose.yml is not valid YAML: ${doc.errors[0].message}`);
  if (!isMap(doc.contents))
    throw new Error('docker-compose.yml must be a mapping at the top level.');
  setHeader(doc, doc.contents);
  replaceOwned(doc, section(doc, doc.contents, 'services'), owned.services, isOwnedService);
  replaceOwned(doc, section(doc, doc.contents, 'volumes'), owned.volumes, isOwnedVolume);
  // Quoted strings: compose's own advice for "HOST:CONTAINER" ports (YAML 1.1 reads some as base 60);
  // single quotes because that is what the repo's prettier config writes.
  return doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN' });
}

/**
 * Our header goes first. A comment directly above the first key (no blank line between) is parsed
 * as that key's comment, header included; without stripping it there, every run would add one more.
 */
function setHeader(doc: Document, top: YAMLMap): void {
  const firstKey = top.items[0]?.key;
  if (isScalar(firstKey)) firstKey.commentBefore = withoutHeader(firstKey.commentBefore);
  top.commentBefore = withoutHeader(top.commentBefore);
  const rest = withoutHeader(doc.commentBefore);
  doc.commentBefore = rest ? `${COMPOSE_HEADER}\n\n${rest}` : COMPOSE_HEADER;
}

function withoutHeader(comment: string | null | undefined): string | undefined {
  if (!comment?.startsWith(COMPOSE_HEADER)) return comment ?? undefined;
  return comment.slice(COMPOSE_HEADER.length).replace(/^\n+/, '') || undefined;
}

/** The top-level map under `key`, created (after a blank line) when missing or empty. */
function section(doc: Document, top: YAMLMap, key: string): YAMLMap {
  const pair = top.items.find((p) => nameOf(p) === key);
  if (pair && isMap(pair.value)) return pair.value;
  const map = doc.createNode({}) as YAMLMap;
  if (pair) pair.value = map;
  else top.items.push(spaced(doc.createPair(key, map), top.items.length > 0));
  return map;
}

/** Owned entries are replaced in place (or dropped when no longer generated); new ones go last. */
function replaceOwned(
  doc: Document,
  map: YAMLMap,
  generated: Record<string, unknown>,
  isOwned: (name: string) => boolean,
): void {
  const pending = new Map(Object.entries(generated));
  const items: Pair[] = [];
  for (const pair of map.items) {
    const name = nameOf(pair);
    if (!isOwned(name)) {
      items.push(pair);
    } else if (pending.has(name)) {
      const value = pending.get(name);
      items.push(spaced(doc.createPair(name, value), items.length > 0 && isObject(value)));
    }
    pending.delete(name);
  }
  for (const [name, value] of pending)
    items.push(spaced(doc.createPair(name, value), items.length > 0 && isObject(value)));
  map.items = items;
}

/** A blank line before each service keeps a long file readable. */
function spaced(pair: Pair, blankLineBefore: boolean): Pair {
  if (isScalar(pair.key)) pair.key.spaceBefore = blankLineBefore || undefined;
  return pair;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

function nameOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}
