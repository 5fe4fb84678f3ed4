import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KafkaLocalError } from './errors';
import type { NodeLayout } from './layout';

/**
 * Starts one broker detached from the caller (it outlives `npm run kafka:up`) and records its pid.
 * Its stdout/stderr go to node-N/stdout.log; the broker's own log goes to server.log (log4j2).
 */
export function startNode(java: string, classpath: string, node: NodeLayout, heap: string): number {
  const out = openSync(join(node.dir, 'stdout.log'), 'a');
  try {
    const child = spawn(
      java,
      [
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(node.dir, 'log4j2.properties')}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        node.configFile,
      ],
      { detached: true, stdio: ['ignore', out, out] },
    );
    // A spawn failure is reported through the pid below; without a listener it would crash the caller.
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) {
      throw new KafkaLocalError(
        `Could not start ${java} for node ${node.nodeId}.`,
        'Check JAVA_HOME / PATH.',
      );
    }
    writeFileSync(node.pidFile, String(child.pid));
    return child.pid;
  } finally {
    // The child has its own copy of the descriptor; keeping ours would leak one per start.
    closeSync(out);
  }
}

export class NodeDiedError extends KafkaLocalError {
  constructor(node: NodeLayout) {
    const stdout = join(node.dir, 'stdout.log');
    super(
      `Node ${node.nodeId} exited during startup. Last log lines:\n${tail(node.logFile, 12)}\n${tail(stdout, 6)}`,
      // The usual cause after an unclean stop or a version change is data the broker cannot read.
      `Full logs: ${node.logFile} and ${stdout}. If they show data it cannot read (an unclean stop, ` +
        `another Kafka version), \`npm run kafka:down -- --reset\` deletes the cluster's data in ` +
        `${dirname(node.dir)} and the next kafka:up starts empty.`,
    );
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '    (no log written)';
  }
}
