/**
 * npm run demo [-- --once] — the README's main job: Kafka, the databases, the topic plan, the
 * three reference services, sample orders and each saga's timeline. Services keep running until
 * Ctrl+C; --once stops them and exits non-zero if any saga ended wrong.
 */
import { DEFAULT_DEMO_OPTIONS, runDemo } from './run-demo';

const USAGE = `usage: npm run demo [-- --once] [-- --port 3001]
  --once       exit after the sample orders (code 1 if any saga ended wrong)
  --port N     first of three ports (orders N, inventory N+1, payments N+2); default 3001
environment: KAFKA_BROKERS (else Docker, else tools/kafka-local), DATABASE_URL (else embedded PGlite),
  DEMO_WORK_DIR (logs and PGlite folders; default .demo/)`;

function parseArgs(argv: readonly string[]): { once: boolean; basePort: number } {
  const args = { once: false, basePort: DEFAULT_DEMO_OPTIONS.basePort };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--once') args.once = true;
    else if (
      arg === '--port' &&
      /^\d+$/.test(argv[i + 1] ?? '') &&
      // Port 0 is "any free port" to the services: /health would be looked for on port 0.
      Number(argv[i + 1]) >= 1 &&
      Number(argv[i + 1]) + 2 <= 65535
    )
      args.basePort = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`demo: unknown or incomplete option "${arg}"\n${USAGE}`);
      process.exit(2);
    }
  }
  return args;
}

/** A signal arrived: the services are being stopped, then the demo exits (whatever else fails meanwhile). */
let stopping = false;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.log(line ? `demo: ${line}` : '');
  // Listening from the start: a signal while the demo starts (before, the process just exited)
  // left the services running on its ports with no parent.
  let stop: (() => Promise<void>) | undefined;
  let started = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    log('stopping the services…');
    // Interrupted before the sample orders were checked: the demo did not do its job.
    const code = started ? 0 : 130;
    void (stop?.() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const demo = await runDemo({
    ...DEFAULT_DEMO_OPTIONS,
    basePort: args.basePort,
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    workDir: process.env.DEMO_WORK_DIR?.trim() || DEFAULT_DEMO_OPTIONS.workDir,
    log,
    onStoppable: (stopDemo) => (stop = stopDemo),
  });
  started = true;
  log('');
  if (demo.problems.length > 0) {
    log(`${demo.problems.length} problem(s):`);
    for (const problem of demo.problems) log(`  - ${problem}`);
  } else {
    log('every saga ended as expected: one order approved, two rejected with their steps undone.');
  }
  if (args.once) {
    await demo.stop();
    process.exit(demo.problems.length > 0 ? 1 : 0);
  }
  const { orders, inventory, payments } = demo.services;
  log(`running: POST ${orders.url}/orders  GET ${orders.url}/orders/:id  GET ${orders.url}/sagas`);
  log(
    `         GET ${inventory.url}/stock/:sku  GET ${payments.url}/payments/:orderId  (/health, /metrics on each)`,
  );
  // A broker given through KAFKA_BROKERS is the user's own: kafka:down would not stop it.
  const broker = process.env.KAFKA_BROKERS?.trim()
    ? `the broker at ${process.env.KAFKA_BROKERS.trim()} is yours and keeps running`
    : 'the broker keeps running: npm run kafka:down';
  log(`Ctrl+C stops the services (${broker})`);
}

main().catch((error: unknown) => {
  // A start-up cut short by a signal fails on its way out; shutdown reports and exits.
  if (stopping) return;
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
