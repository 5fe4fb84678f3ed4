import type { Tree } from '@nx/devkit';
import { validateSagaTopicName, validateTopicName } from '@platform/naming';
import { GeneratorInputError } from '../../lib/input-error';
import { type DeclaredTopic, findDeclaredTopics } from '../../lib/workspace-topics';

/**
 * A handler consumes only what some service owns: the topic must be declared in an
 * apps/<app>/src/topic-catalog.ts (`extra` are topics about to be declared in the same run).
 */
export function requireDeclaredTopic(tree: Tree, topic: string, extra: readonly string[] = []): DeclaredTopic | undefined {
  refuseSagaTopic(topic);
  validateTopicName(topic);
  const declared = findDeclaredTopics(tree);
  const found = declared.find((d) => d.name === topic);
  if (found || extra.includes(topic)) return found;
  const names = declared.map((d) => d.name);
  const known = [...names, ...extra];
  // This run's topics are listed apart: no catalog declares them yet.
  throw new GeneratorInputError(
    `No topic catalog declares "${topic}": a service handles only topics some service owns (apps/<app>/src/topic-catalog.ts). ` +
      (names.length > 0 ? `Declared topics: ${names.join(', ')}.` : 'No catalog declares any topic yet.') +
      (extra.length > 0 ? ` To be declared by this run (--produces): ${extra.join(', ')}.` : ''),
    known.length > 0 ? known[0] : `nx g event ${topic} --service=${topic.split('.')[0]}`,
  );
}

/**
 * `<domain>.<entity>.commands|replies` are saga topics by @platform/naming's rules, never events:
 * no @EventPattern handler reads them. Said so, instead of the event rule's "must be a past-tense
 * fact", which would send the user looking for a better name.
 */
export function refuseSagaTopic(topic: string): void {
  if (!isSagaTopic(topic)) return;
  const [domain, , kind] = topic.split('.');
  if (kind === 'commands') {
    throw new GeneratorInputError(
      `"${topic}" is a saga command topic, not an event: no @EventPattern handler reads it. The service that owns it (domain "${domain}") ` +
        'executes its commands with methods decorated @SagaCommandHandler(command) from @platform/saga-nest, each replying through the outbox ' +
        '(libs/saga-nest/README.md, "Participants"); nothing was written.',
      '@SagaCommandHandler(reserveStock) async reserve(command: ReserveStock, { tx }: CommandHandlerContext)',
    );
  }
  throw new GeneratorInputError(
    `"${topic}" is a saga reply topic, not an event: no @EventPattern handler reads it. SagaModule (@platform/saga-nest) reads it ` +
      `in the service whose saga declares it as its replyTopic (domain "${domain}"); nothing was written.`,
    `nx g saga <name> --service=<service> (its saga replies on <domain>.<entity>.replies)`,
  );
}

function isSagaTopic(topic: string): boolean {
  try {
    validateSagaTopicName(topic);
    return true;
  } catch {
    return false;
  }
}
