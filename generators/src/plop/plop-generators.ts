import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { checkTopicName, NamingError, validateServiceName } from '@platform/naming';
import type { NodePlopAPI } from 'plop';

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

/** The fragments a service grows by: `npm run plop -- handler billing orders.order.created`. */
export function registerPlopGenerators(plop: NodePlopAPI, runNx: RunNx): void {
  const prompts = (topicQuestion: string) => [
    { type: 'input', name: 'service', message: 'Which service (e.g. billing)?', validate: validateServiceAnswer },
    { type: 'input', name: 'topic', message: topicQuestion, validate: validateTopicAnswer },
  ];
  plop.setGenerator('handler', {
    description: 'an @EventPattern handler for a declared topic, registered in the service (nx g handler)',
    prompts: prompts('Which topic does it handle (<domain>.<entity>.<event>, declared by a catalog)?'),
    actions: [nxGenerate('handler', runNx)],
  });
  plop.setGenerator('event', {
    description: 'a topic the service owns: contract, catalog entry, keyed publisher method (nx g event)',
    prompts: prompts('Which topic does it own (<domain>.<entity>.<event>)?'),
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
