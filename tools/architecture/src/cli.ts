/**
 * npm run docs:architecture             rewrite the generated section of docs/architecture.md
 * npm run docs:architecture -- --check  exit 1 if it is out of date (CI, and the drift spec)
 * Options: --doc FILE (another page with the same markers).
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { sectionDiff } from './architecture-doc';
import { generateDoc } from './generate-doc';

const USAGE = 'usage: docs:architecture [--check] [--doc FILE]';
const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

export interface ArchitectureArgs {
  check: boolean;
  doc: string;
}

export function parseArchitectureArgs(argv: readonly string[]): ArchitectureArgs {
  const args: ArchitectureArgs = {
    check: false,
    doc: join(WORKSPACE_ROOT, 'docs', 'architecture.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--check') args.check = true;
    else if (flag === '--doc' && argv[i + 1]) args.doc = resolve(argv[++i]);
    else throw new Error(`Unknown or incomplete option "${flag}". ${USAGE}`);
  }
  return args;
}

function main(): number {
  const args = parseArchitectureArgs(process.argv.slice(2));
  const docName = relative(process.cwd(), args.doc) || args.doc;
  const { current, expected, warnings } = generateDoc(WORKSPACE_ROOT, args.doc, docName);
  for (const warning of warnings) console.error(`docs:architecture: warning: ${warning}`);
  if (args.check) {
    if (current === expected) {
      console.log(`docs:architecture: ${docName} is up to date.`);
      return 0;
    }
    console.error(
      current === undefined
        ? `docs:architecture: ${docName} does not exist. Run \`npm run docs:architecture\` and commit it.`
        : [
            `docs:architecture: ${docName} is out of date: its diagram no longer matches the topic catalogs and handlers in apps/.`,
            'Run `npm run docs:architecture` and commit the result. What changes:',
            ...sectionDiff(current, expected).map((line) => `  ${line}`),
          ].join('\n'),
    );
    return 1;
  }
  if (current === expected) {
    console.log(`docs:architecture: ${docName} is up to date.`);
  } else {
    writeFileSync(args.doc, expected);
    console.log(`docs:architecture: wrote ${docName}.`);
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error: unknown) {
    console.error(`docs:architecture: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
