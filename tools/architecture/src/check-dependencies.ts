import type { ProjectImport } from './collect-imports';
import { FRAMEWORK_FREE_LAYERS, isLibLayer, LIB_LAYERS, type Layer, MAY_IMPORT } from './layers';
import type { WorkspaceProject } from './workspace-projects';

export type DependencyRule =
  | 'known-layer'
  | 'known-package'
  | 'no-app-imports'
  | 'testing-only-in-tests'
  | 'layer-order'
  | 'framework-free-core'
  | 'declared-dependency';

export interface Violation {
  rule: DependencyRule;
  /** The importing project. */
  project: string;
  /** The project imported, when there is one. */
  target?: string;
  /** Where to look: the importing file, or the project.json of a lib without a layer. */
  file: string;
  /** What, which rule, and the fix: the whole story for someone who only reads the failure. */
  message: string;
}

const ONE_WAY =
  'the event path is one-way: naming ← kafka core ← outbox/inbox ← saga ← Nest adapters ← apps';
const TEST_FILES = '*.spec.ts, *.spec-helper.ts, *.fixture.ts, fixtures/';

/**
 * The workspace's dependency rules, on facts already read (readWorkspaceProjects, collectImports),
 * so each rule can be shown to fire on a made-up import without breaking the repo.
 */
export function checkDependencies(
  projects: readonly WorkspaceProject[],
  imports: readonly ProjectImport[],
): Violation[] {
  const byName = new Map(projects.map((p) => [p.name, p]));
  const layers = new Map<string, Layer>();
  const violations: Violation[] = [];

  for (const project of projects) {
    const layer = layerOf(project);
    if (typeof layer === 'string') layers.set(project.name, layer);
    else violations.push(layer);
  }
  const declared = declaredGraph(projects);
  const undeclared = new Map<
    string,
    { fact: ProjectImport; project: WorkspaceProject; target: WorkspaceProject; others: number }
  >();

  for (const fact of imports) {
    const project = byName.get(fact.project);
    if (!project) continue;
    const layer = layers.get(project.name);
    const target = fact.target === undefined ? undefined : byName.get(fact.target);
    const seen = `${fact.file} imports ${fact.specifier}`;
    const add = (rule: DependencyRule, message: string) =>
      violations.push({
        rule,
        project: project.name,
        target: target?.name,
        file: fact.file,
        message,
      });

    if (fact.unknownWorkspacePackage) {
      add(
        'known-package',
        `${seen}: no workspace project has this package name. Fix the name, or create the lib (nx g library).`,
      );
    }
    if (
      layer &&
      FRAMEWORK_FREE_LAYERS.includes(layer) &&
      !fact.testOnly &&
      fact.specifier.startsWith('@nestjs/')
    ) {
      add(
        'framework-free-core',
        `${seen}: ${layer} is a framework-free core and may not import @nestjs/* (framework-free cores, thin Nest adapters). Move the Nest code into a Nest adapter lib (layer:nest-adapter, e.g. kafka-nest) and keep ${project.name} plain TypeScript.`,
      );
    }
    if (!target) continue;

    const targetLayer = layers.get(target.name);
    if (target.kind === 'app' && project.kind !== 'app') {
      add(
        'no-app-imports',
        `${seen}: a ${project.kind} may not import an app (${target.name}); apps are the top of the event path and nothing depends on them. Move the shared code into a lib that both can depend on.`,
      );
    } else if (
      layer &&
      targetLayer === 'testing' &&
      !fact.testOnly &&
      !MAY_IMPORT[layer].includes('testing')
    ) {
      add(
        'testing-only-in-tests',
        `${seen}: ${project.name} is production code and may import the testing lib ${target.name} only from test files (${TEST_FILES}); a test harness is not runtime code. Move the import into a test file, or move the code it needs into a production lib.`,
      );
    } else if (layer && targetLayer && !mayImport(layer, targetLayer, fact.testOnly)) {
      const fix =
        layer === 'app'
          ? 'Move the shared code into a lib.'
          : `Move the shared code down to ${project.name}, or invert the dependency.`;
      add('layer-order', `${seen}: ${layer} may not depend on ${targetLayer} (${ONE_WAY}). ${fix}`);
    }

    if (
      !declares(project, target) &&
      !(fact.testOnly && reaches(declared, target.name, project.name))
    ) {
      const key = `${project.name}|${target.name}`;
      const entry = undeclared.get(key);
      if (!entry) undeclared.set(key, { fact, project, target, others: 0 });
      else {
        entry.others += 1;
        // A runtime import needs `dependencies`, which covers the specs too: show that one.
        if (entry.fact.testOnly && !fact.testOnly) entry.fact = fact;
      }
    }
  }
  // One violation per missing declaration, however many files import the project.
  for (const { fact, project, target, others } of undeclared.values()) {
    const more = others ? ` (and ${others} more import${others > 1 ? 's' : ''})` : '';
    violations.push({
      rule: 'declared-dependency',
      project: project.name,
      target: target.name,
      file: fact.file,
      message: `${fact.file} imports ${fact.specifier}${more}, but ${project.name} does not declare ${target.name}: Nx 22 links projects only through declared dependencies, so after a change to ${target.name}, \`nx affected\` leaves ${project.name} out and its cached results are reused. ${declareFix(project, target, fact.testOnly)}`,
    });
  }
  // By file; within a file, in the order found (the sort is stable).
  return violations.sort((a, b) => a.file.localeCompare(b.file));
}

/** A lib's one `layer:*` tag; tools and apps by their folder. */
function layerOf(project: WorkspaceProject): Layer | Violation {
  if (project.kind !== 'lib') return project.kind;
  const tags = project.tags.filter((tag) => tag.startsWith('layer:'));
  const layer = tags.length === 1 ? tags[0].slice('layer:'.length) : undefined;
  if (layer && isLibLayer(layer)) return layer;
  return {
    rule: 'known-layer',
    project: project.name,
    file: `${project.root}/project.json`,
    message: `${project.root}/project.json has ${tags.length ? `the tags ${tags.join(', ')}` : 'no layer:* tag'}: every lib needs exactly one of ${LIB_LAYERS.map((l) => `layer:${l}`).join(', ')}, or the layer rules cannot place it. Tag it with the layer it belongs to, or add the new layer to MAY_IMPORT in tools/architecture/src/layers.ts with what it may import.`,
  };
}

function mayImport(layer: Layer, target: Layer, testOnly: boolean): boolean {
  return MAY_IMPORT[layer].includes(target) || (testOnly && target === 'testing');
}

/** What Nx links: package.json dependencies by package name, and implicitDependencies. */
function declares(project: WorkspaceProject, target: WorkspaceProject): boolean {
  return (
    project.implicitDependencies.includes(target.name) ||
    (target.packageName !== undefined && project.packageDependencies.includes(target.packageName))
  );
}

function declareFix(
  project: WorkspaceProject,
  target: WorkspaceProject,
  testOnly: boolean,
): string {
  const implicit = `"${target.name}" to implicitDependencies in ${project.root}/project.json`;
  if (!project.packageName || !target.packageName) return `Add ${implicit}.`;
  const manifest = `"${target.packageName}": "*" to ${testOnly ? 'devDependencies' : 'dependencies'} in ${project.root}/package.json and run npm install (the lockfile records workspace dependencies)`;
  return testOnly ? `Add ${manifest}, or add ${implicit}.` : `Add ${manifest}.`;
}

/** Project → the projects it declares, as Nx sees the graph. */
function declaredGraph(projects: readonly WorkspaceProject[]): Map<string, string[]> {
  const byPackage = new Map(
    projects.flatMap((p) => (p.packageName ? [[p.packageName, p.name]] : [])),
  );
  return new Map(
    projects.map((p) => [
      p.name,
      [
        ...p.implicitDependencies,
        ...p.packageDependencies.flatMap((name) => byPackage.get(name) ?? []),
      ],
    ]),
  );
}

/**
 * Whether `from` already depends on `to`, directly or not. A spec importing a harness built on its
 * own project (kafka's specs use @platform/testing, which depends on kafka) cannot declare it
 * without a cycle in the project graph: that one test-only import is left undeclared.
 */
function reaches(graph: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (name === to) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(graph.get(name) ?? []));
  }
  return false;
}
