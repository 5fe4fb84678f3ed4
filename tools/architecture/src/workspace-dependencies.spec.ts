/**
 * The dependency rules on this workspace: "naming ← kafka core ← outbox/inbox ← saga ← Nest
 * adapters ← apps", framework-free cores, no lib or tool importing an app, every workspace import
 * declared where Nx sees it. Nothing else enforces them (no @nx/enforce-module-boundaries), so a
 * violation fails here with the file, the import, the rule and the fix.
 */
import { join } from 'node:path';
import { checkDependencies } from './check-dependencies';
import { collectImports } from './collect-imports';
import { readWorkspaceProjects } from './workspace-projects';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

describe('the dependencies of this workspace', () => {
  const projects = readWorkspaceProjects(WORKSPACE_ROOT);
  const violations = checkDependencies(projects, collectImports(WORKSPACE_ROOT, projects));

  it('reads the libs, tools, generators and apps', () => {
    expect(projects.map((p) => p.name)).toEqual(
      expect.arrayContaining(['naming', 'kafka', 'saga-nest', 'generators', 'orders-service']),
    );
  });

  it('follow the layers and are declared (each failure says what to change)', () => {
    expect(violations.map((v) => v.message)).toEqual([]);
  });
});
