import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOurProcess, runningPid } from './processes';

describe('runningPid', () => {
  let dir: string;
  let pidFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-local-pid-'));
    pidFile = join(dir, 'kafka.pid');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('drops a pid file whose process is gone', () => {
    const deadPid = spawnSync('true').pid;
    writeFileSync(pidFile, String(deadPid));
    expect(runningPid(pidFile, join(dir, 'server.properties'))).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  });

  it('drops a pid file whose (reused) pid runs something else', () => {
    writeFileSync(pidFile, String(process.pid));
    expect(runningPid(pidFile, join(dir, 'server.properties'))).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  });

  it('drops a pid file with garbage in it', () => {
    writeFileSync(pidFile, 'not a pid');
    expect(runningPid(pidFile, join(dir, 'server.properties'))).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  });
});

describe('isOurProcess', () => {
  it('matches a whole argument of the command line, not a substring', () => {
    const ownScript = process.argv[1];
    expect(isOurProcess(process.pid, ownScript)).toBe(true);
    expect(isOurProcess(process.pid, ownScript.slice(1))).toBe(false);
  });
});
