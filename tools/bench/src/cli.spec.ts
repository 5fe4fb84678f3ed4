import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, main } from './cli';
import { scenarios } from './scenarios';

// Paths that end before the broker is touched; the full run is in bench.int.spec.ts.
describe('bench cli', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects an unknown scenario with the valid names, exit code 2, and writes nothing', async () => {
    const file = join(dir, 'latest.json');
    await expect(main(['producer.raw', 'producer.typo', '--out', file], io)).resolves.toBe(2);
    expect(err).toEqual([
      'bench: Unknown scenario: producer.typo.',
      `Valid scenarios:\n${scenarios.map((scenario) => `  ${scenario.name}`).join('\n')}`,
    ]);
    expect(out).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('rejects a bad option with the usage line', async () => {
    await expect(main(['--runs', 'many'], io)).resolves.toBe(2);
    expect(err).toEqual([
      'bench: --runs expects a positive whole number, received "many".',
      'usage: npm run bench -- [scenario ...] [--runs N] [--messages N] [--out path] [--list]',
    ]);
  });

  it('lists the registered scenarios', async () => {
    await expect(main(['--list'], io)).resolves.toBe(0);
    expect(out.join('\n')).toMatch(/^producer\.raw +msgs_per_s +baseline +kafkajs producer/m);
    expect(out.join('\n')).toMatch(
      /^consumer\.raw-autocommit +msgs_per_s +baseline +kafkajs consumer/m,
    );
  });
});
