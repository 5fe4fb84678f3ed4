import { generateFiles, joinPathFragments, names, type Tree } from '@nx/devkit';
import { join, posix } from 'node:path';
import { type ServiceNames, type TopicNames } from '../../lib/names';
import {
  addNamedImports,
  appendToArray,
  arrayArgumentOfCall,
  arrayPropertyOfCall,
  arrayTarget,
  arrayVariable,
  type EditTarget,
  type NamedImport,
} from '../../lib/typescript-edits';
import { GeneratorInputError } from '../../lib/input-error';
import { type DeclaredTopic, exampleNameFor, parse } from '../../lib/workspace-topics';

export interface AddHandlerOptions {
  service: ServiceNames;
  topic: TopicNames;
  /** The catalog declaration of the topic: its owner, contract module and example. */
  declared: DeclaredTopic;
}

/**
 * Adds an @EventPattern handler (src/handlers/<name>.handler.ts + spec) to a service made by the
 * service generator and registers it in AppModule's controllers. A topic another service owns
 * brings that service's catalog into src/app/service-catalog.ts (the consumer validates payloads
 * with it) and, when its contract has an example, an entry in the integration test's handledEvents.
 */
export function addHandler(tree: Tree, { service, topic, declared }: AddHandlerOptions): void {
  const src = joinPathFragments(service.projectRoot, 'src');
  const handlersDir = joinPathFragments(src, 'handlers');
  const payload = payloadOf(declared, handlersDir);
  // A service with the outbox handles each event through its inbox (exactly-once effects).
  const appModule = tree.read(joinPathFragments(src, 'app', 'app.module.ts'), 'utf-8') ?? '';
  const variant = appModule.includes("from '@platform/outbox-nest'") ? 'handler-inbox' : 'handler';
  generateFiles(tree, join(__dirname, '..', 'files', variant), src, {
    ...topic,
    serviceName: service.name,
    payloadType: payload.type,
    payloadImport: payload.imports([]),
    specImports: payload.imports(declared.exampleExport ? [declared.exampleExport] : []),
    example: declared.exampleExport ?? (declared.schema ? `{} as ${payload.type}` : '{}'),
  });
  registerHandler(tree, src, topic);
  if (`apps/${declared.app}` !== service.projectRoot) addOwnerCatalog(tree, src, declared);
  addToIntegrationTest(tree, src, topic, declared);
}

/**
 * How the handler and its spec spell the payload. A contract made by `nx g event` exports a type
 * named like its schema; a hand-written one may export only the schema constant, and importing
 * that name as a type does not compile, so the payload is then the schema's `z.infer`.
 */
function payloadOf(
  declared: DeclaredTopic,
  handlersDir: string,
): { type: string; imports: (values: string[]) => string } {
  const schema = declared.schema;
  if (!schema) return { type: 'Record<string, unknown>', imports: () => '' };
  const contract = relativeModule(handlersDir, schema.file);
  const names = (values: string[]): string => [...values, `type ${schema.exportName}`].join(', ');
  if (schema.exportsType) {
    return {
      type: schema.exportName,
      imports: (values) => `import { ${names(values)} } from '${contract}';\n`,
    };
  }
  return {
    type: `z.infer<typeof ${schema.exportName}>`,
    imports: (values) =>
      `import type { z } from 'zod';\nimport { ${names(values)} } from '${contract}';\n`,
  };
}

/** What addHandler edits in a service that exists already (checked before anything is written). */
export function handlerEditTargets(tree: Tree, service: ServiceNames, declared: DeclaredTopic): EditTarget[] {
  const app = joinPathFragments(service.projectRoot, 'src', 'app');
  const specFile = joinPathFragments(app, 'app.int.spec.ts');
  const testList = declared.exampleExport ? 'handledEvents' : 'handledWithoutExample';
  return [
    arrayTarget(joinPathFragments(app, 'app.module.ts'), arrayPropertyOfCall('Module', 'controllers')),
    ...(`apps/${declared.app}` !== service.projectRoot
      ? [arrayTarget(joinPathFragments(app, 'service-catalog.ts'), arrayArgumentOfCall('mergeCatalogs'))]
      : []),
    ...(tree.exists(specFile) ? [arrayTarget(specFile, arrayVariable(testList))] : []),
  ];
}

function registerHandler(tree: Tree, src: string, topic: TopicNames): void {
  const moduleFile = joinPathFragments(src, 'app', 'app.module.ts');
  addNamedImports(tree, moduleFile, `../handlers/${topic.fileName}.handler`, [{ name: `${topic.className}Handler` }]);
  appendToArray(tree, moduleFile, arrayPropertyOfCall('Module', 'controllers'), `${topic.className}Handler`);
}

function addOwnerCatalog(tree: Tree, src: string, declared: DeclaredTopic): void {
  const catalogFile = joinPathFragments(src, 'app', 'service-catalog.ts');
  const owner = declared.app.replace(/-service$/, '');
  // The file declares serviceCatalog itself: a service named `service` is imported by its app name.
  const alias = owner === 'service' ? 'serviceServiceCatalog' : `${names(owner).propertyName}Catalog`;
  const ownerCatalog = relativeModule(joinPathFragments(src, 'app'), declared.catalogFile);
  addNamedImports(tree, catalogFile, ownerCatalog, [{ name: declared.catalogExport, alias }]);
  appendToArray(tree, catalogFile, arrayArgumentOfCall('mergeCatalogs'), alias);
}

/**
 * The integration test must subscribe to every topic the app's consumer reads: the run provisions
 * the retry and dead-letter topics of its subscriptions only, and the consumer refuses to start
 * without them (MissingTopicsError). A topic with an example goes into handledEvents, which also
 * sends the example through the handler. One without goes into handledWithoutExample: subscribed,
 * its delivery test an `it.todo` that says what to export. Not a made-up example: the consumer
 * validates each event against the topic's schema, so a placeholder that merely compiles would be
 * dead-lettered and fail the test far from the cause, or pass while testing nothing.
 */
function addToIntegrationTest(tree: Tree, src: string, topic: TopicNames, declared: DeclaredTopic): void {
  const specFile = joinPathFragments(src, 'app', 'app.int.spec.ts');
  if (!tree.exists(specFile)) return;
  if (!declared.schema || !declared.exampleExport) {
    const todo = `${exampleFix(declared)}, then move this entry to handledEvents with it`;
    const entry = `{ topic: '${topic.topic}', todo: '${todo}' }`;
    appendToArray(tree, specFile, arrayVariable('handledWithoutExample'), entry);
    return;
  }
  const example: NamedImport = { name: declared.exampleExport, alias: `${topic.propertyName}Example` };
  addNamedImports(tree, specFile, relativeModule(joinPathFragments(src, 'app'), declared.schema.file), [example]);
  appendToArray(tree, specFile, arrayVariable('handledEvents'), `{ topic: '${topic.topic}', example: ${example.alias} }`);
}

/** What the owner's contract needs for a delivery test. */
function exampleFix(declared: DeclaredTopic): string {
  const schema = declared.schema;
  if (schema) return `export a valid ${exampleNameFor(schema.exportName)} from ${schema.file}`;
  return `give its schema a contract module of its own (imported by ${declared.catalogFile}) that exports a valid <schema>Example`;
}

/**
 * A service generated before handledWithoutExample existed (or with it removed) has no place for a
 * topic without an example: refused before writing, with both ways out, rather than a handler its
 * integration test does not subscribe to (the app would not start there).
 */
export function assertIntegrationTestSubscribes(
  tree: Tree,
  service: ServiceNames,
  declared: DeclaredTopic,
): void {
  const specFile = joinPathFragments(service.projectRoot, 'src', 'app', 'app.int.spec.ts');
  if (!tree.exists(specFile) || (declared.schema && declared.exampleExport)) return;
  if (arrayVariable('handledWithoutExample').find(parse(tree, specFile))) return;
  throw new GeneratorInputError(
    `"${declared.name}" has no example to test it with (${exampleFix(declared)}), and ${specFile} has no handledWithoutExample list, ` +
      'which subscribes the test to such a topic: without it the app would not start in that test (MissingTopicsError: the retry and ' +
      'dead-letter topics are not provisioned). Export the example and run this again, or add the list as nx g service now writes it ' +
      '(spread into subscriptions, an it.todo per entry); nothing was written.',
    'const handledWithoutExample: { topic: string; todo: string }[] = [];',
  );
}

/** `../../../orders-service/src/events/order-created.event` from a directory to a .ts file. */
function relativeModule(fromDir: string, file: string): string {
  const path = posix.relative(fromDir, file.replace(/\.ts$/, ''));
  return path.startsWith('.') ? path : `./${path}`;
}
