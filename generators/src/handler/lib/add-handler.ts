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
import type { DeclaredTopic } from '../../lib/workspace-topics';

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
  return [
    arrayTarget(joinPathFragments(app, 'app.module.ts'), arrayPropertyOfCall('Module', 'controllers')),
    ...(`apps/${declared.app}` !== service.projectRoot
      ? [arrayTarget(joinPathFragments(app, 'service-catalog.ts'), arrayArgumentOfCall('mergeCatalogs'))]
      : []),
    ...(tree.exists(specFile) && declared.exampleExport ? [arrayTarget(specFile, arrayVariable('handledEvents'))] : []),
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

function addToIntegrationTest(tree: Tree, src: string, topic: TopicNames, declared: DeclaredTopic): void {
  const specFile = joinPathFragments(src, 'app', 'app.int.spec.ts');
  if (!tree.exists(specFile) || !declared.schema || !declared.exampleExport) return;
  const example: NamedImport = { name: declared.exampleExport, alias: `${topic.propertyName}Example` };
  addNamedImports(tree, specFile, relativeModule(joinPathFragments(src, 'app'), declared.schema.file), [example]);
  appendToArray(tree, specFile, arrayVariable('handledEvents'), `{ topic: '${topic.topic}', example: ${example.alias} }`);
}

/** `../../../orders-service/src/events/order-created.event` from a directory to a .ts file. */
function relativeModule(fromDir: string, file: string): string {
  const path = posix.relative(fromDir, file.replace(/\.ts$/, ''));
  return path.startsWith('.') ? path : `./${path}`;
}
