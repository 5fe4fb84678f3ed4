/**
 * npm run kafka:up [-- --nodes 3 --base-port 9092]  start the local cluster (no-op if running)
 * npm run kafka:status                              print nodes and bootstrap (exit 3 when down)
 * npm run kafka:down [-- --reset]                   stop it; --reset also deletes its data
 */
import { assertNodeCount } from './cluster-settings';
import { down, status, up } from './cluster';
import { KafkaLocalError } from './errors';
import { assertBasePort } from './layout';

const USAGE =
  'usage: kafka-local <up|down|status> [--nodes 1|3] [--base-port 9092] [--heap 1g] [--reset]';

export function parseArgs(argv: string[]): {
  command: string;
  nodes?: number;
  basePort?: number;
  heap?: string;
  reset: boolean;
} {
  const [command = '', ...rest] = argv;
  const parsed: ReturnType<typeof parseArgs> = { command, reset: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined) throw new KafkaLocalError(`${flag} needs a value.`, USAGE);
      return next;
    };
    if (flag === '--nodes') parsed.nodes = integer(flag, value());
    else if (flag === '--base-port') parsed.basePort = integer(flag, value());
    else if (flag === '--heap') parsed.heap = heapSize(value());
    else if (flag === '--reset') parsed.reset = true;
    else throw new KafkaLocalError(`Unknown option ${flag}.`, USAGE);
  }
  if (!['up', 'down', 'status'].includes(command))
    throw new KafkaLocalError(`Unknown command "${command}".`, USAGE);
  // Range checks here, so a typo is a usage error instead of a broker dying at bind time.
  const nodes = parsed.nodes;
  const basePort = parsed.basePort;
  if (nodes !== undefined) asUsageError(() => assertNodeCount(nodes));
  if (basePort !== undefined) asUsageError(() => assertBasePort(basePort, nodes ?? 1));
  return parsed;
}

function asUsageError(check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new KafkaLocalError((error as Error).message, USAGE);
  }
}

/** The JVM's -Xmx syntax; anything else would only fail once java starts. */
function heapSize(raw: string): string {
  if (!/^\d+[kmgKMG]?$/.test(raw))
    throw new KafkaLocalError(`--heap expects a JVM size like 512m or 1g, got "${raw}".`, USAGE);
  return raw;
}

function integer(flag: string, raw: string): number {
  const value = Number(raw);
  // Digits only: Number() would also accept "0x10", "1e3" or " 3 ".
  if (!/^\d+$/.test(raw) || value <= 0)
    throw new KafkaLocalError(`${flag} expects a positive whole number, got "${raw}".`, USAGE);
  return value;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.log(`kafka-local: ${line}`);
  if (args.command === 'up') {
    const bootstrap = await up({
      nodes: args.nodes,
      basePort: args.basePort,
      heap: args.heap,
      log,
    });
    console.log(bootstrap);
    return 0;
  }
  if (args.command === 'down') {
    const stopped = await down({ reset: args.reset, log });
    if (stopped === 0 && !args.reset) log('nothing to stop');
    return 0;
  }
  const current = status();
  if (current.nodes.length === 0) {
    log('no local cluster (start one with: npm run kafka:up)');
    return 3;
  }
  for (const node of current.nodes) {
    log(
      `node ${node.nodeId}  127.0.0.1:${node.brokerPort}  ${node.running ? `running (pid ${node.pid})` : 'stopped'}`,
    );
  }
  log(
    current.running
      ? `KAFKA_BROKERS=${current.bootstrap}`
      : 'not running (start it with: npm run kafka:up)',
  );
  return current.running ? 0 : 3;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`kafka-local: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
