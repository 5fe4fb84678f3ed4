import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { checkTopicName, NamingError, validateServiceName } from '@platform/naming';
import type { NodePlopAPI } from 'plop';
import { refuseSagaTopic } from '../handler/lib/declared-topic';
import { GeneratorInputError } from '../lib/input-error';
import { DOMAIN_EXAMPLE } from '../lib/names';

// Plop is a second front end for the fragment generators: it prompts (or takes the answers as
// arguments), validates them with @platform/naming like the Nx generators do, then runs the Nx
// generator itself, so there is one implementation of what gets written.

/** Runs `nx <args>` in the workspace and returns its output; throws with the output on failure. */
export type RunNx = (args: readonly string[]) => string;

/** Plop's validate: true, or the naming error's message (rule and a valid example). */
export function validateServiceAnswer(value: string): true | string {
  try {
    validateServiceName(value.replace(/-service$/, ''));
    return true;
  } catch (error) {
    if (error instanceof NamingError) return error.message;
    throw error;
  }
}

export function validateTopicAnswer(value: string): true | string {
  const check = checkTopicName(value);
  return check.ok ? true : check.error.message;
}

/**
 * nx g handler's checks on the name: a saga topic is refused with its own message (who reads
 * it instead), not with the event rule's "must be a past-tense fact".
 */
export function validateHandlerTopicAnswer(value: string): true | string {
  try {
    refuseSagaTopic(value);
  } catch (error) {
    if (error instanceof GeneratorInputError) return error.message;
    throw error;
  }
  return validateTopicAnswer(value);
}

/**
 * nx g event accepts `<entity>.<event>` and puts the service's domain in front, so this does too,
 * checking the name as completed with the service's name (the domain unless the project's
 * domain tag says otherwise: whether the topic is in its domain is the generator's check).
 */
export function validateEventTopicAnswer(value: string, answers?: Record<string, unknown>): true | string {
  if (value.split('.').length !== 2) return validateTopicAnswer(value);
  const service = String(answers?.service ?? '').replace(/-service$/, '');
  return validateTopicAnswer(`${service || DOMAIN_EXAMPLE}.${value}`);
}

/** The fragments a service grows by: `npm run plop -- handler billing orders.order.created`. */
export function registerPlopGenerators(plop: NodePlopAPI, runNx: RunNx): void {
  const prompts = (topicQuestion: string, validateTopic: (value: string, answers?: Record<string, unknown>) => true | string) => [
    { type: 'input', name: 'service', message: 'Which service (e.g. billing)?', validate: validateServiceAnswer },
    { type: 'input', name: 'topic', message: topicQuestion, validate: validateTopic },
  ];
  plop.setGenerator('handler', {
    description: 'an @EventPattern handler for a declared topic, registered in the service (nx g handler)',
    prompts: prompts('Which topic does it handle (<domain>.<entity>.<event>, declared by a catalog)?', validateHandlerTopicAnswer),
    actions: [nxGenerate('handler', runNx)],
  });
  plop.setGenerator('event', {
    description: 'a topic the service owns: contract, catalog entry, keyed publisher method (nx g event)',
    prompts: prompts('Which topic does it own (<entity>.<event> in its domain, or <domain>.<entity>.<event>)?', validateEventTopicAnswer),
    actions: [nxGenerate('event', runNx)],
  });
}

function nxGenerate(generator: 'handler' | 'event', runNx: RunNx) {
  // async: plop reports a rejected promise as a failed action with its message.
  return async (answers: Record<string, unknown> | undefined): Promise<string> => {
    const service = String(answers?.service).replace(/-service$/, '');
    const output = runNx(['g', `@platform/generators:${generator}`, String(answers?.topic), `--service=${service}`, '--no-interactive']);
    const changes = output.split('\n').filter((line) => /^(CREATE|UPDATE|DELETE) /.test(line.trim()));
    return `nx g ${generator}: ${changes.map((line) => line.trim()).join(', ')}`;
  };
}

/** `node_modules/.bin/nx` of the workspace at `root`, output captured; failures carry Nx's message. */
export function nxRunner(root: string): RunNx {
  return (args) => {
    try {
      return execFileSync(join(root, 'node_modules', '.bin', 'nx'), args, {
        cwd: root,
        encoding: 'utf-8',
        env: { ...process.env, FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string | null; stderr?: string | null };
      const message = `${stdout ?? ''}\n${stderr ?? ''}`
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('Pass --verbose') && !/^NX\s+Generating/.test(line))
        .join('\n');
      throw new Error(message || (error as Error).message);
    }
  };
}
