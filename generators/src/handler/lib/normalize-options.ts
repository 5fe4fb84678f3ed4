import { joinPathFragments, type Tree } from '@nx/devkit';
import { GeneratorInputError } from '../../lib/input-error';
import { topicNames, type TopicNames } from '../../lib/names';
import { type ExistingService, findService } from '../../lib/services';
import { assertEditable, hasDecoratorWithArgument } from '../../lib/typescript-edits';
import type { DeclaredTopic } from '../../lib/workspace-topics';
import type { HandlerGeneratorSchema } from '../schema';
import { handlerEditTargets } from './add-handler';
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
  if (handling || tree.exists(file)) {
    throw new GeneratorInputError(
      `${service.projectName} already handles "${topic.topic}" in ${handling ?? file}: one handler per topic and service.`,
      `add the work to ${handling ?? file}`,
    );
  }
}
