import { formatFiles, type GeneratorCallback, logger, type Tree } from '@nx/devkit';
import { addEvent } from '../event/lib/add-event';
import { addHandler } from '../handler/lib/add-handler';
import { addComposeService } from '../lib/compose';
import { topicNames } from '../lib/names';
import { findDeclaredTopics } from '../lib/workspace-topics';
import { addSaga } from '../saga/lib/add-saga';
import { normalizeOptions as normalizeSagaOptions } from '../saga/lib/normalize-options';
import { declareWorkspaceDependencies } from '../lib/workspace-dependencies';
import { addFiles, addProject } from './lib/add-project';
import { normalizeOptions, type NormalizedServiceOptions } from './lib/normalize-options';
import type { ServiceGeneratorSchema } from './schema';

/**
 * `nx g service billing --produces=invoice.created --consumes=orders.order.created`:
 * normalize (every check, nothing written yet) → project → files → owned events → handlers →
 * saga → the workspace projects it imports, declared → docker-compose service → format.
 */
export async function serviceGenerator(tree: Tree, options: ServiceGeneratorSchema): Promise<GeneratorCallback> {
  const normalized = normalizeOptions(tree, options);
  addProject(tree, normalized);
  addFiles(tree, normalized);
  for (const topic of normalized.produces) addEvent(tree, { service: normalized, topic: topicNames(topic), partitions: 6 });
  addHandlers(tree, normalized);
  if (normalized.saga) addServiceSaga(tree, normalized);
  declareWorkspaceDependencies(tree, normalized.projectName);
  addComposeService(tree, {
    name: normalized.projectName,
    projectRoot: normalized.projectRoot,
    port: normalized.port,
    database: normalized.outbox,
  });
  if (!normalized.skipFormat) await formatFiles(tree);
  return () => printNextSteps(normalized);
}

/** After the owned events: a service may handle its own topics, which are declared only now. */
function addHandlers(tree: Tree, options: NormalizedServiceOptions): void {
  const declared = findDeclaredTopics(tree);
  for (const topic of options.consumes) {
    const declaration = declared.find((d) => d.name === topic);
    if (!declaration) throw new Error(`Topic "${topic}" vanished from the catalogs while generating.`);
    addHandler(tree, { service: options, topic: topicNames(topic, topic.split('.')[0] !== options.domain), declared: declaration });
  }
}

/** `--saga`: a skeleton named after the service, replying on its first owned entity (or its name). */
function addServiceSaga(tree: Tree, options: NormalizedServiceOptions): void {
  const entity = options.produces[0]?.split('.')[1] ?? options.name;
  const saga = normalizeSagaOptions(tree, { name: options.name, service: options.name, entity });
  if (saga.replyTopic !== options.sagaReplyTopic || `${saga.propertyName}Saga` !== options.sagaFunction) {
    throw new Error(`The service templates expect ${options.sagaFunction} on ${options.sagaReplyTopic}; the saga generator made ${saga.propertyName}Saga on ${saga.replyTopic}.`);
  }
  addSaga(tree, saga);
}

function printNextSteps(options: NormalizedServiceOptions): void {
  // An --outbox service's config refuses to start without DATABASE_URL or PGLITE_DATA_DIR
  // (readDatabaseConfig of @platform/outbox-nest), so its run line names one of them.
  const database = options.outbox ? 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ' : '';
  logger.info(
    [
      `${options.projectName} is in ${options.projectRoot} (port ${options.port}).`,
      `  npx nx run-many -t build typecheck lint test -p ${options.projectName}`,
      `  npm run topics -- apply && KAFKA_BROKERS=127.0.0.1:9092 ${database}npx nx serve ${options.projectName}`,
      ...(options.outbox ? [`  (no Postgres: PGLITE_DATA_DIR=tmp/${options.projectName}-db instead of DATABASE_URL, an embedded PGlite in that folder)`] : []),
    ].join('\n'),
  );
}

export default serviceGenerator;
