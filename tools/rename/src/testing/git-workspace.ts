import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/**
 * `git <args>` in root, output as text. Commits neither need the developer's identity nor use
 * their signing setup (a GPG prompt or key would fail or stall the test).
 */
export function git(root: string, args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=rename-test',
      '-c',
      'user.email=rename-test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Commits every change in root, without the developer's hooks. */
export function commitAll(root: string, message: string): void {
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '--no-verify', '-m', message]);
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A temp directory holding files, committed as one commit when `commit` is set. */
export function createWorkspace(
  files: Record<string, string | Buffer>,
  { commit }: { commit: boolean },
): string {
  const root = mkdtempSync(join(tmpdir(), 'rename-test-'));
  writeFiles(root, files);
  if (commit) {
    git(root, ['init', '-q']);
    commitAll(root, 'base');
  }
  return root;
}

/** Every file under root, ignored ones too (not .git, which git status refreshes): "nothing changed". */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path).toString('base64'));
    }
  };
  walk(root);
  return files;
}

export function removeWorkspace(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
