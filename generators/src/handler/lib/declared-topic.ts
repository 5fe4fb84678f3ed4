import type { Tree } from '@nx/devkit';
import { validateTopicName } from '@platform/naming';
import { GeneratorInputError } from '../../lib/input-error';
import { type DeclaredTopic, findDeclaredTopics } from '../../lib/workspace-topics';

/**
 * A handler consumes only what some service owns: the topic must be declared in an
 * apps/<app>/src/topic-catalog.ts (`extra` are topics about to be declared in the same run).
 */
export function requireDeclaredTopic(tree: Tree, topic: string, extra: readonly string[] = []): DeclaredTopic | undefined {
  validateTopicName(topic);
  const declared = findDeclaredTopics(tree);
  const found = declared.find((d) => d.name === topic);
  if (found || extra.includes(topic)) return found;
  const known = [...declared.map((d) => d.name), ...extra];
  throw new GeneratorInputError(
    `No topic catalog declares "${topic}": a service handles only topics some service owns (apps/<app>/src/topic-catalog.ts). ` +
      (known.length > 0 ? `Declared topics: ${known.join(', ')}.` : 'No catalog declares any topic yet.'),
    known.length > 0 ? known[0] : `nx g event ${topic} --service=${topic.split('.')[0]}`,
  );
}
