import { generateFiles, joinPathFragments, offsetFromRoot, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import * as ts from 'typescript';
import { type ServiceNames, type TopicNames } from '../../lib/names';
import {
  addClassMember,
  addNamedImports,
  appendToArray,
  appendToArrayProperty,
  arrayPropertyOfCall,
  arrayPropertyTarget,
  arrayTarget,
  arrayVariable,
  classTarget,
  type EditTarget,
  insertBeforeStatement,
  statementTarget,
} from '../../lib/typescript-edits';
import { isCallTo, parse } from '../../lib/workspace-topics';

export interface AddEventOptions {
  service: ServiceNames;
  topic: TopicNames;
  partitions: number;
}

/**
 * Adds an owned topic to a service made by the service generator: its contract
 * (src/events/<entity>-<event>.event.ts + spec), its `defineTopic` in src/topic-catalog.ts, a
 * publisher method and an entry in the integration test's publishedEvents. Inputs are validated.
 */
export function addEvent(tree: Tree, { service, topic, partitions }: AddEventOptions): void {
  const src = joinPathFragments(service.projectRoot, 'src');
  const variables = { ...service, ...topic, partitions, offsetFromRoot: offsetFromRoot(service.projectRoot) };
  generateFiles(tree, join(__dirname, '..', 'files', 'event'), src, variables);
  declareTopic(tree, joinPathFragments(src, 'topic-catalog.ts'), topic, partitions);
  addPublisherMethod(tree, service, topic);
  addToIntegrationTest(tree, joinPathFragments(src, 'app', 'app.int.spec.ts'), topic);
}

/** What addEvent edits in a service that exists already (checked before anything is written). */
export function eventEditTargets(tree: Tree, service: ServiceNames): EditTarget[] {
  const src = joinPathFragments(service.projectRoot, 'src');
  const catalogFile = joinPathFragments(src, 'topic-catalog.ts');
  const publisherFile = joinPathFragments(src, 'app', 'events.publisher.ts');
  const moduleFile = joinPathFragments(src, 'app', 'app.module.ts');
  const specFile = joinPathFragments(src, 'app', 'app.int.spec.ts');
  return [
    statementTarget(catalogFile, 'export const catalog = defineCatalog(...)', isCatalogStatement),
    arrayTarget(catalogFile, arrayPropertyOfCall('defineCatalog', 'topics')),
    ...(tree.exists(publisherFile)
      ? [classTarget(publisherFile, 'EventsPublisher')]
      : [arrayPropertyTarget(moduleFile, 'Module', 'providers')]),
    ...(tree.exists(specFile) ? [arrayTarget(specFile, arrayVariable('publishedEvents'))] : []),
  ];
}

function isCatalogStatement(statement: ts.Statement): boolean {
  return (
    ts.isVariableStatement(statement) &&
    statement.declarationList.declarations.some((d) => d.initializer !== undefined && isCallTo(d.initializer, 'defineCatalog'))
  );
}

function declareTopic(tree: Tree, catalogFile: string, topic: TopicNames, partitions: number): void {
  addNamedImports(tree, catalogFile, '@platform/kafka', [{ name: 'defineTopic' }]);
  addNamedImports(tree, catalogFile, `./events/${topic.fileName}.event`, [{ name: topic.className }]);
  const definition = [
    `export const ${topic.propertyName}Topic = defineTopic({`,
    `  name: '${topic.topic}',`,
    `  partitions: ${partitions},`,
    `  key: '${topic.keyDescription}',`,
    `  schema: ${topic.className},`,
    `  description: '${topic.words}',`,
    `});`,
  ].join('\n');
  insertBeforeStatement(tree, catalogFile, 'export const catalog = defineCatalog(...)', isCatalogStatement, definition);
  appendToArray(tree, catalogFile, arrayPropertyOfCall('defineCatalog', 'topics'), `${topic.propertyName}Topic`);
}

/**
 * The first event creates EventsPublisher and registers it in AppModule's providers (adding the
 * list to a module that has none, like the reference services'); later ones add a method. It is
 * also exported where AppModule has an exports list (the generated one), never one added for it:
 * the root module is imported by nothing, so the export changes nothing there.
 */
function addPublisherMethod(tree: Tree, service: ServiceNames, topic: TopicNames): void {
  const app = joinPathFragments(service.projectRoot, 'src', 'app');
  const publisherFile = joinPathFragments(app, 'events.publisher.ts');
  if (!tree.exists(publisherFile)) {
    generateFiles(tree, join(__dirname, '..', 'files', 'publisher'), joinPathFragments(service.projectRoot, 'src'), service);
    const moduleFile = joinPathFragments(app, 'app.module.ts');
    addNamedImports(tree, moduleFile, './events.publisher', [{ name: 'EventsPublisher' }]);
    appendToArrayProperty(tree, moduleFile, 'Module', 'providers', 'EventsPublisher');
    const exportsList = arrayPropertyOfCall('Module', 'exports');
    if (exportsList.find(parse(tree, moduleFile)))
      appendToArray(tree, moduleFile, exportsList, 'EventsPublisher');
  }
  addNamedImports(tree, publisherFile, '@platform/kafka', [{ name: 'EventEnvelope', typeOnly: true }]);
  addNamedImports(tree, publisherFile, `../events/${topic.fileName}.event`, [{ name: topic.className, typeOnly: true }]);
  addNamedImports(tree, publisherFile, '../topic-catalog', [{ name: `${topic.propertyName}Topic` }]);
  addClassMember(
    tree,
    publisherFile,
    'EventsPublisher',
    [
      `  /** ${topic.topic}, keyed by ${topic.keyDescription}. */`,
      `  ${topic.propertyName}(event: ${topic.className}): Promise<EventEnvelope<${topic.className}>> {`,
      `    return this.producer.send(${topic.propertyName}Topic, { key: event.${topic.keyField}, data: event });`,
      `  }`,
    ].join('\n'),
  );
}

function addToIntegrationTest(tree: Tree, specFile: string, topic: TopicNames): void {
  if (!tree.exists(specFile)) return;
  addNamedImports(tree, specFile, `../events/${topic.fileName}.event`, [{ name: `${topic.propertyName}Example` }]);
  appendToArray(
    tree,
    specFile,
    arrayVariable('publishedEvents'),
    `{ topic: '${topic.topic}', example: ${topic.propertyName}Example }`,
  );
}
