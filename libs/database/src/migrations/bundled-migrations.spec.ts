import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledMigrationsDir } from './bundled-migrations';

describe('bundledMigrationsDir', () => {
  let bundleDir: string;

  beforeEach(() => {
    bundleDir = mkdtempSync(join(tmpdir(), 'bundle-'));
  });

  afterEach(() => {
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it('prefers migrations/<name> next to the bundle when it is there', () => {
    mkdirSync(join(bundleDir, 'migrations', 'saga'), { recursive: true });
    expect(bundledMigrationsDir('saga', '/lib/saga/migrations', bundleDir)).toBe(join(bundleDir, 'migrations', 'saga'));
  });

  it("falls back to the library's folder when the bundle has no copy of that name", () => {
    mkdirSync(join(bundleDir, 'migrations', 'outbox'), { recursive: true });
    expect(bundledMigrationsDir('saga', '/lib/saga/migrations', bundleDir)).toBe('/lib/saga/migrations');
  });

  it("outside a bundle (this library's own folder) returns the library's folder", () => {
    expect(bundledMigrationsDir('outbox', '/lib/outbox/migrations')).toBe('/lib/outbox/migrations');
  });
});
