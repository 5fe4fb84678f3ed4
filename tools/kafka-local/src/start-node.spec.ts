import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeLayout } from './layout';
import { NodeDiedError } from './start-node';

describe('NodeDiedError', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'kafka-local-died-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('shows the last log lines, where the full logs are, and the reset that clears unreadable data', () => {
    const dir = join(home, 'node-1');
    const node = { nodeId: 1, dir, logFile: join(home, 'server.log') } as NodeLayout;
    writeFileSync(node.logFile, 'starting\nERROR Unable to read quorum-state\n');
    const error = new NodeDiedError(node);
    expect(error.message).toContain('Node 1 exited during startup. Last log lines:');
    expect(error.message).toContain('ERROR Unable to read quorum-state');
    expect(error.hint).toBe(
      `Full logs: ${node.logFile} and ${join(dir, 'stdout.log')}. If they show data it cannot read (an unclean stop, another Kafka version), \`npm run kafka:down -- --reset\` deletes the cluster's data in ${home} and the next kafka:up starts empty.`,
    );
  });
});
