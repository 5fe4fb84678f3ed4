import { checkDependencies } from './check-dependencies';
import type { ProjectImport } from './collect-imports';
import type { WorkspaceProject } from './workspace-projects';

/** A made-up workspace: each rule is shown to fire on one import, the repo is never broken. */
const lib = (name: string, layer: string, dependsOn: string[] = []): WorkspaceProject => ({
  name,
  root: `libs/${name}`,
  kind: 'lib',
  tags: ['scope:libs', `layer:${layer}`],
  packageName: `@platform/${name}`,
  packageDependencies: dependsOn.map((d) => `@platform/${d}`),
  implicitDependencies: [],
});
const app = (name: string, implicitDependencies: string[] = []): WorkspaceProject => ({
  name,
  root: `apps/${name}`,
  kind: 'app',
  tags: ['scope:apps'],
  packageDependencies: [],
  implicitDependencies,
});
const tool = (name: string, dependsOn: string[] = []): WorkspaceProject => ({
  ...lib(name, '', dependsOn),
  root: `tools/${name}`,
  kind: 'tool',
  tags: ['scope:tools'],
});

const PROJECTS: WorkspaceProject[] = [
  lib('naming', 'naming'),
  lib('kafka', 'kafka-core', ['naming']),
  lib('database', 'database'),
  lib('outbox', 'outbox', ['kafka', 'database']),
  lib('kafka-nest', 'nest-adapter', ['kafka']),
  lib('testing', 'testing', ['kafka', 'database', 'kafka-local']),
  tool('kafka-local'),
  tool('dlq', ['kafka']),
  app('orders-service', ['kafka', 'kafka-nest']),
  app('inventory-service', ['kafka']),
];

/** An import from `file` (project taken from its folder) of `specifier`, reaching `target`. */
function imports(file: string, specifier: string, target?: string): ProjectImport {
  const fact: ProjectImport = {
    project: file.split('/')[1],
    file,
    specifier,
    testOnly: /\.spec\.ts$|\.spec-helper\.ts$|\/fixtures\//.test(file),
  };
  if (target) fact.target = target;
  return fact;
}

const check = (...facts: ProjectImport[]) => checkDependencies(PROJECTS, facts);

describe('checkDependencies', () => {
  it('passes imports down the event path, declared', () => {
    expect(
      check(
        imports('libs/kafka/src/topic.ts', '@platform/naming', 'naming'),
        imports('libs/outbox/src/relay.ts', '@platform/kafka', 'kafka'),
        imports('libs/kafka-nest/src/module.ts', '@nestjs/common'),
        imports('apps/orders-service/src/main.ts', '@platform/kafka-nest', 'kafka-nest'),
        imports('tools/dlq/src/cli.ts', '@platform/kafka', 'kafka'),
      ),
    ).toEqual([]);
  });

  it('refuses a lower layer importing a higher one, naming the rule and the fix', () => {
    const [violation] = check(imports('libs/kafka/src/x.ts', '@platform/outbox', 'outbox'));
    expect(violation).toMatchObject({ rule: 'layer-order', project: 'kafka', target: 'outbox' });
    expect(violation.message).toBe(
      'libs/kafka/src/x.ts imports @platform/outbox: kafka-core may not depend on outbox (the event path is one-way: naming ← kafka core ← outbox/inbox ← saga ← Nest adapters ← apps). Move the shared code down to kafka, or invert the dependency.',
    );
  });

  it('keeps kafka and database apart: the outbox joins them', () => {
    const violations = check(imports('libs/database/src/x.ts', '@platform/kafka', 'kafka'));
    expect(violations.map((v) => v.rule)).toEqual(['layer-order', 'declared-dependency']);
    expect(violations[0].message).toContain('database may not depend on kafka-core');
  });

  it('holds test files to the layers too', () => {
    const [violation] = check(
      imports('libs/kafka/src/consumer.spec.ts', '@platform/kafka-nest', 'kafka-nest'),
    );
    expect(violation.message).toContain('kafka-core may not depend on nest-adapter');
  });

  it('refuses @nestjs/* in the runtime code of a framework-free core', () => {
    const [violation] = check(imports('libs/outbox/src/relay.ts', '@nestjs/common'));
    expect(violation.rule).toBe('framework-free-core');
    expect(violation.message).toBe(
      'libs/outbox/src/relay.ts imports @nestjs/common: outbox is a framework-free core and may not import @nestjs/* (framework-free cores, thin Nest adapters). Move the Nest code into a Nest adapter lib (layer:nest-adapter, e.g. kafka-nest) and keep outbox plain TypeScript.',
    );
    expect(check(imports('libs/outbox/src/relay.spec.ts', '@nestjs/common'))).toEqual([]);
  });

  it('allows a testing lib in test files only, in libs and apps', () => {
    expect(
      check(
        imports('libs/outbox/src/outbox.spec-helper.ts', '@platform/testing', 'testing'),
        imports('libs/kafka/src/fixtures/consumer.ts', '@platform/testing', 'testing'),
      ),
    ).toEqual([
      expect.objectContaining({
        rule: 'declared-dependency',
        file: 'libs/outbox/src/outbox.spec-helper.ts',
      }),
    ]);
    const [violation] = check(imports('libs/outbox/src/relay.ts', '@platform/testing', 'testing'));
    expect(violation.rule).toBe('testing-only-in-tests');
    expect(violation.message).toBe(
      'libs/outbox/src/relay.ts imports @platform/testing: outbox is production code and may import the testing lib testing only from test files (*.spec.ts, *.spec-helper.ts, *.fixture.ts, fixtures/); a test harness is not runtime code. Move the import into a test file, or move the code it needs into a production lib.',
    );
    expect(
      check(imports('apps/orders-service/src/main.ts', '@platform/testing', 'testing'))[0].rule,
    ).toBe('testing-only-in-tests');
  });

  it('lets testing libs and tools use any lib and the local-broker tool', () => {
    expect(
      check(
        imports('libs/testing/src/broker.ts', '@platform/kafka-local', 'kafka-local'),
        imports('tools/dlq/src/cli.ts', '@platform/kafka', 'kafka'),
      ),
    ).toEqual([]);
  });

  it('refuses any lib or tool importing an app, by package or by relative path', () => {
    const violations = check(
      imports(
        'libs/kafka/src/x.ts',
        '../../../apps/orders-service/src/topic-catalog',
        'orders-service',
      ),
      imports('tools/dlq/src/x.spec.ts', '@platform/orders-service', 'orders-service'),
    );
    expect(violations.filter((v) => v.rule === 'no-app-imports').map((v) => v.message)).toEqual([
      'libs/kafka/src/x.ts imports ../../../apps/orders-service/src/topic-catalog: a lib may not import an app (orders-service); apps are the top of the event path and nothing depends on them. Move the shared code into a lib that both can depend on.',
      'tools/dlq/src/x.spec.ts imports @platform/orders-service: a tool may not import an app (orders-service); apps are the top of the event path and nothing depends on them. Move the shared code into a lib that both can depend on.',
    ]);
  });

  it('refuses an app importing a tool', () => {
    const [violation] = check(
      imports('apps/orders-service/src/x.ts', '@platform/kafka-local', 'kafka-local'),
    );
    expect(violation.message).toContain('app may not depend on tool');
    expect(violation.message).toContain('Move the shared code into a lib.');
  });

  it("requires a lib's workspace imports in its package.json", () => {
    const [violation] = check(imports('libs/outbox/src/x.ts', '@platform/naming', 'naming'));
    expect(violation.rule).toBe('declared-dependency');
    expect(violation.message).toBe(
      'libs/outbox/src/x.ts imports @platform/naming, but outbox does not declare naming: Nx 22 links projects only through declared dependencies, so after a change to naming, `nx affected` leaves outbox out and its cached results are reused. Add "@platform/naming": "*" to dependencies in libs/outbox/package.json and run npm install (the lockfile records workspace dependencies).',
    );
  });

  it("requires an app's imports, another app's files included, in implicitDependencies", () => {
    const violations = check(
      imports('apps/inventory-service/src/x.ts', '@platform/kafka', 'kafka'),
      imports(
        'apps/inventory-service/src/x.ts',
        '../../../orders-service/src/topic-catalog',
        'orders-service',
      ),
      imports('apps/inventory-service/src/x.spec.ts', '@platform/testing', 'testing'),
    );
    expect(violations.map((v) => v.message)).toEqual([
      'apps/inventory-service/src/x.spec.ts imports @platform/testing, but inventory-service does not declare testing: Nx 22 links projects only through declared dependencies, so after a change to testing, `nx affected` leaves inventory-service out and its cached results are reused. Add "testing" to implicitDependencies in apps/inventory-service/project.json.',
      'apps/inventory-service/src/x.ts imports ../../../orders-service/src/topic-catalog, but inventory-service does not declare orders-service: Nx 22 links projects only through declared dependencies, so after a change to orders-service, `nx affected` leaves inventory-service out and its cached results are reused. Add "orders-service" to implicitDependencies in apps/inventory-service/project.json.',
    ]);
  });

  it('reports a missing declaration once, at a runtime import when there is one', () => {
    const violations = check(
      imports('libs/outbox/src/a.spec.ts', '@platform/naming', 'naming'),
      imports('libs/outbox/src/b.ts', '@platform/naming', 'naming'),
      imports('libs/outbox/src/c.ts', '@platform/naming', 'naming'),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toMatch(
      /^libs\/outbox\/src\/b.ts imports @platform\/naming \(and 2 more imports\), but outbox does not declare naming: .* to dependencies in libs\/outbox\/package.json/,
    );
  });

  it('lets a spec use a harness built on its own project without declaring a cycle', () => {
    expect(
      check(imports('libs/kafka/src/consumer.spec.ts', '@platform/testing', 'testing')),
    ).toEqual([]);
  });

  it('reports a workspace-scoped package no project is named', () => {
    const [violation] = check({
      ...imports('libs/kafka/src/x.ts', '@platform/nowhere'),
      unknownWorkspacePackage: true,
    });
    expect(violation.rule).toBe('known-package');
    expect(violation.message).toContain('no workspace project has this package name');
  });

  it('requires every lib to carry exactly one known layer tag', () => {
    const violations = checkDependencies(
      [lib('order-history', 'order-history'), { ...lib('money', ''), tags: ['scope:libs'] }],
      [],
    );
    expect(violations.map((v) => [v.rule, v.file])).toEqual([
      ['known-layer', 'libs/money/project.json'],
      ['known-layer', 'libs/order-history/project.json'],
    ]);
    expect(violations[1].message).toMatch(
      /^libs\/order-history\/project.json has the tags layer:order-history: every lib needs exactly one of layer:naming, .*add the new layer to MAY_IMPORT in tools\/architecture\/src\/layers.ts/,
    );
  });
});
