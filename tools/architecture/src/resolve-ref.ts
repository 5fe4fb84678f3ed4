import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CommandRef } from './model';
import type { SourceFacts, ValueRef } from './scan-source';

/** Local names that point at each other this deep are a cycle, not a value. */
const MAX_DEPTH = 20;

/**
 * The value a reference in `file` stands for. Imported names are taken from the imported module
 * itself (it is loaded: the command and topic definitions are the contract, not their spelling);
 * local names are followed in the file's own declarations, so a defineCommand that is not exported
 * still resolves. undefined when the source does not say.
 */
export function resolveRef(file: string, facts: SourceFacts, ref: ValueRef, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  switch (ref.kind) {
    case 'literal':
      return ref.value;
    case 'import':
      return loadModule(modulePath(file, ref.module))[ref.name];
    case 'local': {
      const constant = facts.constants.get(ref.name);
      if (constant) return resolveRef(file, facts, constant, depth + 1);
      const command = facts.commands.get(ref.name);
      if (command) {
        return {
          topic: resolveRef(file, facts, command.topic, depth + 1),
          type: resolveRef(file, facts, command.type, depth + 1),
        };
      }
      return undefined;
    }
    case 'unknown':
      return undefined;
  }
}

/** A topic name written as a string or as a topic definition (`defineTopic(...)`). */
export function asTopicName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.name === 'string' && 'partitions' in value) return value.name;
  return undefined;
}

/** A saga command (`defineCommand({ topic, type })`), loaded or read from its source. */
export function asCommand(value: unknown): CommandRef | undefined {
  if (isRecord(value) && typeof value.topic === 'string' && typeof value.type === 'string')
    return { topic: value.topic, type: value.type };
  return undefined;
}

/** Relative specifiers are the apps' own TypeScript files; packages resolve as usual. */
function modulePath(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = resolve(dirname(fromFile), specifier);
  const found = [`${base}.ts`, join(base, 'index.ts'), base].find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
  );
  if (!found) throw new Error(`${fromFile} imports ${specifier}, which does not exist.`);
  return found;
}

function loadModule(path: string): Record<string, unknown> {
  // The apps' modules are TypeScript found at run time (the CLI runs under @swc-node/register,
  // the specs under @swc/jest): a dynamic require is the point here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
