import { joinPathFragments, type Tree } from '@nx/devkit';
import * as ts from 'typescript';
import { GeneratorInputError } from '../../lib/input-error';
import { topicNames, type TopicNames } from '../../lib/names';
import { type ExistingService, findService } from '../../lib/services';
import { assertEditable, hasDecoratorWithArgument } from '../../lib/typescript-edits';
import { type DeclaredTopic, isCallTo, parse } from '../../lib/workspace-topics';
import type { HandlerGeneratorSchema } from '../schema';
import { assertIntegrationTestSubscribes, handlerEditTargets } from './add-handler';
import { requireDeclaredTopic } from './declared-topic';

export interface NormalizedHandlerOptions {
  service: ExistingService;
  topic: TopicNames;
  declared: DeclaredTopic;
  skipFormat: boolean;
}

/** Every check before anything is written: the service exists, the topic is declared and not handled yet. */
export function normalizeOptions(tree: Tree, options: HandlerGeneratorSchema): NormalizedHandlerOptions {
  const service = findService(tree, options.service);
  const declared = requireDeclaredTopic(tree, options.topic) as DeclaredTopic;
  const topic = topicNames(declared.name, declared.name.split('.')[0] !== service.domain);
  assertNotHandled(tree, service, topic);
  assertHandlerClassFree(tree, service, topic);
  assertIntegrationTestSubscribes(tree, service, declared);
  assertEditable(tree, handlerEditTargets(tree, service, declared));
  return { service, topic, declared, skipFormat: options.skipFormat ?? false };
}

/** One handler per topic and service: a second would compete for the same messages. */
export function assertNotHandled(tree: Tree, service: ExistingService, topic: TopicNames): void {
  const handlersDir = joinPathFragments(service.projectRoot, 'src', 'handlers');
  const file = joinPathFragments(handlersDir, `${topic.fileName}.handler.ts`);
  const handling = tree.exists(handlersDir)
    ? tree
        .children(handlersDir)
        .map((child) => joinPathFragments(handlersDir, child))
        .filter((path) => path.endsWith('.ts') && tree.isFile(path))
        .find((path) => hasDecoratorWithArgument(tree, path, 'EventPattern', topic.topic))
    : undefined;
  if (!handling && tree.exists(file)) {
    // The file handles another topic whose name makes the same file name (orders.order.item-added
    // and orders.order-item.added): saying it already handles this one would be false.
    const other = eventPatternTopics(tree, file);
    throw new GeneratorInputError(
      `${file} exists already and handles ${other.length > 0 ? other.map((t) => `"${t}"`).join(', ') : 'no @EventPattern topic'}, not "${topic.topic}"; ` +
        'the generator does not overwrite it. Write the handler for this topic by hand under another file name; nothing was written.',
      `@EventPattern('${topic.topic}') in ${handlersDir}/<another-name>.handler.ts`,
    );
  }
  if (handling) {
    throw new GeneratorInputError(
      `${service.projectName} already handles "${topic.topic}" in ${handling}: one handler per topic and service.`,
      `add the work to ${handling}`,
    );
  }
}

/**
 * Hyphens before a digit vanish from class names only: orders.order-1.created and
 * orders.order1.created have two handler files but one class, imported twice by AppModule.
 */
function assertHandlerClassFree(tree: Tree, service: ExistingService, topic: TopicNames): void {
  const className = `${topic.className}Handler`;
  const imported = parse(tree, service.appModuleFile).statements.some((statement) => {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === className);
  });
  if (!imported) return;
  const handlersDir = joinPathFragments(service.projectRoot, 'src', 'handlers');
  throw new GeneratorInputError(
    `The handler of "${topic.topic}" would be the class ${className}, which ${service.appModuleFile} imports already ` +
      '(the handler of another topic whose words join the same way): the service would not compile. Write this handler by hand under another class name; nothing was written.',
    `@EventPattern('${topic.topic}') in ${handlersDir}/<another-name>.handler.ts`,
  );
}

/** The string topics of the file's `@EventPattern('<topic>')` decorators. */
function eventPatternTopics(tree: Tree, file: string): string[] {
  const topics: string[] = [];
  const visit = (node: ts.Node): void => {
    if (isCallTo(node, 'EventPattern')) topics.push(...node.arguments.filter(ts.isStringLiteralLike).map((a) => a.text));
    ts.forEachChild(node, visit);
  };
  visit(parse(tree, file));
  return topics;
}
