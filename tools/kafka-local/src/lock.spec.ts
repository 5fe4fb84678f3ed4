import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLock } from './lock';
import { isAlive } from './processes';

jest.mock('./processes', () => ({
  isAlive: jest.fn(jest.requireActual<typeof import('./processes')>('./processes').isAlive),
}));

describe('withLock', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'kafka-local-lock-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('runs the work and releases the lock', async () => {
    await expect(withLock(home, async () => 'done')).resolves.toBe('done');
    await expect(withLock(home, async () => 'again')).resolves.toBe('again');
  });

  it('takes over a lock whose owner is dead', async () => {
    mkdirSync(join(home, 'lock'));
    writeFileSync(join(home, 'lock', 'owner'), '2147483646');
    await expect(withLock(home, async () => 'taken over', 1_000)).resolves.toBe('taken over');
  });

  it('never removes a lock that another caller took over after it saw the dead owner', async () => {
    const lock = join(home, 'lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), '2147483646');
    // Right after this caller found the owner dead, another process (alive: this test's pid) takes
    // the lock over, as a second `kafka:up` waiting on the same dead lock does.
    jest.mocked(isAlive).mockImplementationOnce(() => {
      rmSync(lock, { recursive: true, force: true });
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner'), String(process.pid));
      return false;
    });
    let ranWhileHeld = false;
    await withLock(home, async () => (ranWhileHeld = true), 600).catch(() => undefined);
    expect(ranWhileHeld).toBe(false);
    expect(readFileSync(join(lock, 'owner'), 'utf8')).toBe(String(process.pid));
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it('takes over a lock that never got its owner (a process killed right after making it), but not a new one', async () => {
    const lock = join(home, 'lock');
    mkdirSync(lock);
    await expect(withLock(home, async () => 'never', 300)).rejects.toThrow('held by pid 0');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, aMinuteAgo, aMinuteAgo);
    await expect(withLock(home, async () => 'taken over', 1_000)).resolves.toBe('taken over');
    expect(existsSync(lock)).toBe(false);
  });

  it('names the lock to delete when its pid stays alive past the wait (a pid reused after a restart)', async () => {
    mkdirSync(join(home, 'lock'));
    writeFileSync(join(home, 'lock', 'owner'), String(process.pid));
    await expect(withLock(home, async () => 'never', 300)).rejects.toThrow(
      `Timed out waiting for ${join(home, 'lock')} (held by pid ${process.pid}). If no kafka-local command is running, that pid is another program now (the machine or container restarted): delete ${join(home, 'lock')} and try again.`,
    );
  });
});
