import type { TopicCatalog } from '@platform/kafka';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listSourceFiles } from './list-source-files';
import type { AppFacts, CommandRef } from './model';
import { asCommand, asTopicName, resolveRef } from './resolve-ref';
import { scanSource, type SourceFacts, type ValueRef } from './scan-source';

export interface AppInput {
  /** apps/<app> */
  app: string;
  appDir: string;
  catalog: TopicCatalog;
}

/**
 * One app's facts: the topics its catalog owns, and what its handlers and sagas refer to, each
 * reference resolved to a topic or a command. What cannot be resolved becomes a warning (with the
 * file and the expression), so a missing edge is never silent.
 */
export function readAppFacts(
  { app, appDir, catalog }: AppInput,
  workspaceRoot: string,
): { facts: AppFacts; warnings: string[] } {
  const warnings: string[] = [];
  const handlesEvents: string[] = [];
  const handlesCommands: CommandRef[] = [];
  const sagas: { replyTopic: string; commands: CommandRef[] }[] = [];

  for (const file of listSourceFiles(join(appDir, 'src'))) {
    const facts = scanSource(file, readFileSync(file, 'utf-8'));
    const where = relative(workspaceRoot, file);
    const resolveAs = <T>(
      ref: ValueRef,
      as: (value: unknown) => T | undefined,
      what: string,
    ): T | undefined => {
      let value: T | undefined;
      let why = '';
      try {
        value = as(resolveRef(file, facts, ref));
      } catch (error) {
        why = ` (${error instanceof Error ? error.message : String(error)})`;
      }
      if (value === undefined)
        warnings.push(
          `${where}: cannot resolve ${what} ${describe(ref)}${why}; it is left out of the diagram and of the retry/dead-letter topics that topics apply creates.`,
        );
      return value;
    };

    for (const ref of facts.eventPatterns) {
      const topic = resolveAs(ref, asTopicName, '@EventPattern topic');
      if (topic) handlesEvents.push(topic);
    }
    for (const ref of facts.commandHandlers) {
      const command = resolveAs(ref, asCommand, '@SagaCommandHandler command');
      if (command) handlesCommands.push(command);
    }
    // Sent commands: receivers of `.with(...)` that resolve to a command; any other `.with` is not one.
    const commands = facts.commandsSent
      .map((ref) => asCommand(resolveQuietly(file, facts, ref)))
      .filter((c): c is CommandRef => c !== undefined);
    for (const ref of facts.sagaReplyTopics) {
      const replyTopic = resolveAs(ref, asTopicName, 'saga replyTopic');
      if (replyTopic) sagas.push({ replyTopic, commands });
    }
  }

  const owned = catalog.topics.map(({ name, role }) => ({ name, role }));
  return { facts: { app, owned, handlesEvents, handlesCommands, sagas }, warnings };
}

/** For `.with(...)` receivers, most of which are no command: a module that fails to load is not one either. */
function resolveQuietly(file: string, facts: SourceFacts, ref: ValueRef): unknown {
  try {
    return resolveRef(file, facts, ref);
  } catch {
    return undefined;
  }
}

function describe(ref: ValueRef): string {
  switch (ref.kind) {
    case 'literal':
      return `'${ref.value}'`;
    case 'import':
      return `${ref.name} (from ${ref.module})`;
    case 'local':
      return ref.name;
    case 'unknown':
      return ref.text;
  }
}
