import { getProjects, type Tree } from '@nx/devkit';
import { validateTopicName } from '@platform/naming';
import { composeHostPorts } from '../../lib/compose';
import { GeneratorInputError } from '../../lib/input-error';
import { parseListOption } from '../../lib/list-option';
import { serviceNames, type ServiceNames, topicNames, type TopicNames, validateDomainName } from '../../lib/names';
import { resolveOwnedTopic } from '../../lib/owned-topic';
import { serviceDefaultPorts } from '../../lib/services';
import { requireLibrary } from '../../lib/required-library';
import { findDeclaredSagaTopics, findDeclaredTopics } from '../../lib/workspace-topics';
import { refuseSagaTopic, requireDeclaredTopic } from '../../handler/lib/declared-topic';
import type { ServiceGeneratorSchema } from '../schema';

export const FIRST_DEFAULT_PORT = 3001;

export interface NormalizedServiceOptions extends ServiceNames {
  domain: string;
  /** Full topic names it owns, in the order given. */
  produces: string[];
  /** Full topic names it handles, in the order given. */
  consumes: string[];
  port: number;
  /** Wire the outbox, relay and inbox (libs/outbox is present: checked). `--saga` implies it. */
  outbox: boolean;
  /** Run a saga: its skeleton, SagaModule, the saga tables and the reply topic (libs/saga present: checked). */
  saga: boolean;
  /** With --saga: the skeleton's reply topic `<domain>.<entity>.replies` and the function naming it. */
  sagaReplyTopic: string;
  sagaFunction: string;
  /** The one field of the skeleton's data: `<entity>Id`. */
  sagaDataKey: string;
  tags: string[];
  skipFormat: boolean;
}

/**
 * Every check before anything is written, in the order a user fixes them: names first, then
 * clashes with what exists, then the features that need libraries.
 */
export function normalizeOptions(tree: Tree, options: ServiceGeneratorSchema): NormalizedServiceOptions {
  const names = serviceNames(options.name);
  const domain = options.domain ?? options.name;
  validateDomainName(domain);
  assertNewProject(tree, names);
  // Deduplicated after completing each entry: `invoice.created,billing.invoice.created` name one
  // topic, which would otherwise be declared (and its publisher method added) twice.
  const produces = [...new Set(parseListOption(options.produces).map((entry) => resolveOwnedTopic(entry, domain, names.projectName)))];
  assertNotOwnedElsewhere(tree, produces);
  const consumes = parseListOption(options.consumes);
  consumes.forEach((topic) => {
    refuseSagaTopic(topic);
    validateTopicName(topic);
  });
  consumes.forEach((topic) => requireDeclaredTopic(tree, topic, produces));
  assertDistinctFiles('--produces', produces.map((topic) => ({ topic, names: topicNames(topic) })), `${names.projectRoot}/src/events`, '.event.ts', '');
  assertDistinctFiles(
    '--consumes',
    consumes.map((topic) => ({ topic, names: topicNames(topic, topic.split('.')[0] !== domain) })),
    `${names.projectRoot}/src/handlers`,
    '.handler.ts',
    'Handler',
  );
  if (options.saga) requireLibrary(tree, 'saga', '--saga', `nx g service ${names.name}`);
  const sagaReplyTopic = `${domain}.${produces[0]?.split('.')[1] ?? names.name}.replies`;
  if (options.saga) assertReplyTopicFree(tree, sagaReplyTopic, names, domain, produces.length > 0);
  // A saga's commands leave through the outbox, atomically with its state.
  const outbox = (options.outbox ?? false) || (options.saga ?? false);
  if (outbox) requireLibrary(tree, 'outbox', options.outbox ? '--outbox' : '--saga (which needs the outbox)', `nx g service ${names.name}`);
  return {
    ...names,
    domain,
    produces,
    consumes,
    port: choosePort(tree, options.port, names.projectName),
    outbox,
    saga: options.saga ?? false,
    // The saga generator's names for a saga named after the service, on its first owned entity.
    sagaReplyTopic,
    sagaFunction: `${camelCase(names.name)}Saga`,
    sagaDataKey: `${camelCase(produces[0]?.split('.')[1] ?? names.name)}Id`,
    tags: [...new Set(['scope:apps', 'type:service', `domain:${domain}`, ...parseListOption(options.tags)])],
    skipFormat: options.skipFormat ?? false,
  };
}

function assertNewProject(tree: Tree, names: ServiceNames): void {
  const existing = getProjects(tree).get(names.projectName);
  if (existing || tree.exists(names.projectRoot)) {
    throw new GeneratorInputError(
      `Cannot create service "${names.name}": ${existing ? `project ${names.projectName} already exists` : `${names.projectRoot} already exists`}` +
        ` (${existing?.root ?? names.projectRoot}). Pick a name no project uses; nothing was written.`,
      `nx g service ${names.name}-v2`,
    );
  }
}

function assertNotOwnedElsewhere(tree: Tree, produces: readonly string[]): void {
  const declared = findDeclaredTopics(tree);
  for (const topic of produces) {
    const owner = declared.find((d) => d.name === topic);
    if (owner) {
      throw new GeneratorInputError(
        `Topic "${topic}" is already declared in ${owner.catalogFile}: a topic has one owning service (this one can consume it with --consumes=${topic}).`,
        `--consumes=${topic}`,
      );
    }
  }
}

/**
 * --saga declares `<domain>.<entity>.replies` in the new catalog. Another service owning it (e.g.
 * orders-service's orders.order.replies for a second service in the orders domain) would fail
 * `npm run topics` ("declared by both") and mix the two services' saga replies.
 */
function assertReplyTopicFree(tree: Tree, replyTopic: string, names: ServiceNames, domain: string, fromProduces: boolean): void {
  const owner = findDeclaredSagaTopics(tree).find((declared) => declared.name === replyTopic);
  if (!owner) return;
  throw new GeneratorInputError(
    `The saga reply topic "${replyTopic}" (--saga, on ${fromProduces ? 'the entity of the first --produces topic' : 'the service name'}) is already declared in ${owner.catalogFile}: ` +
      'a topic has one owning service. ' +
      (fromProduces
        ? `Put a --produces topic of another entity first, or leave --produces out (the reply topic is then ${domain}.${names.name}.replies) and add the events with nx g event; `
        : 'Pick another service name, or generate it without --saga and add a saga with nx g saga <name> --entity=<entity>; ') +
      'nothing was written.',
    fromProduces
      ? `nx g service ${names.name}${domain !== names.name ? ` --domain=${domain}` : ''} --saga`
      : `nx g saga ${names.name} --service=${names.name} --entity=<entity>`,
  );
}

/**
 * Hyphens join words across segments in file and class names, so `order.item-added` and
 * `order-item.added` both become order-item-added / OrderItemAdded. Generated in one run, the
 * second would overwrite the first's files: a catalog that does not compile, or a handler that
 * silently never runs. (`nx g event` and `nx g handler` refuse the same clash on the existing file.)
 */
function assertDistinctFiles(
  option: string,
  topics: { topic: string; names: TopicNames }[],
  dir: string,
  suffix: string,
  classSuffix: string,
): void {
  for (const [index, { topic, names }] of topics.entries()) {
    // Hyphens before a digit vanish from class names only: order-1.created and order1.created.
    const earlier = topics.slice(0, index).find((other) => other.names.className === names.className);
    if (!earlier) continue;
    const where =
      earlier.names.fileName === names.fileName
        ? `${dir}/${names.fileName}${suffix} (${names.className}${classSuffix})`
        : `${names.className}${classSuffix} (${dir}/${earlier.names.fileName}${suffix} and ${dir}/${names.fileName}${suffix})`;
    throw new GeneratorInputError(
      `Topics "${earlier.topic}" and "${topic}" would both be generated as ${where}. ` +
        `Generate one of them now and write the other by hand under another file name; nothing was written.`,
      `${option}=${earlier.topic}`,
    );
  }
}

/**
 * The port asked for, unless another compose service publishes it or another service listens on
 * it by default; else the first free one from 3001. The service's own compose entry (kept from an
 * earlier run) does not count as taken.
 */
function choosePort(tree: Tree, requested: number | undefined, projectName: string): number {
  const published = composeHostPorts(tree, projectName);
  const defaults = serviceDefaultPorts(tree);
  const taken = new Set([...published, ...defaults.keys()]);
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1 || requested > 65535) {
      throw new GeneratorInputError(`Invalid --port ${requested}: expected a whole number from 1 to 65535.`, `--port=${FIRST_DEFAULT_PORT}`);
    }
    if (published.has(requested)) {
      throw new GeneratorInputError(`Port ${requested} is already published by a service in docker-compose.yml.`, `--port=${freePort(taken)}`);
    }
    const app = defaults.get(requested);
    if (app) {
      throw new GeneratorInputError(
        `Port ${requested} is already the default port of ${app} (DEFAULT_PORT in its src/config.ts): both could not run at once.`,
        `--port=${freePort(taken)}`,
      );
    }
    return requested;
  }
  return freePort(taken);
}

function freePort(taken: ReadonlySet<number>): number {
  let port = FIRST_DEFAULT_PORT;
  while (taken.has(port)) port += 1;
  return port;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
