import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectImports } from './collect-imports';
import { readWorkspaceProjects } from './workspace-projects';

describe('readWorkspaceProjects and collectImports', () => {
  let root: string;
  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(
      join(root, path),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'architecture-deps-'));
    write('package.json', {
      name: '@platform/source',
      workspaces: ['apps/*', 'libs/*', 'generators'],
    });
    write('libs/kafka/project.json', { name: 'kafka', tags: ['layer:kafka-core'] });
    write('libs/kafka/package.json', {
      name: '@platform/kafka',
      dependencies: { '@platform/naming': '*', zod: '*' },
    });
    write(
      'libs/kafka/src/index.ts',
      `export * from './topic';\nimport { a } from '@platform/naming/sub';`,
    );
    write('libs/kafka/src/topic.spec.ts', `import { b } from '@platform/testing';`);
    write('libs/kafka/src/fixtures/consumer.ts', `import { c } from '@platform/nowhere';`);
    write('libs/naming/project.json', { name: 'naming', tags: ['layer:naming'] });
    write('libs/naming/package.json', { name: '@platform/naming' });
    write('libs/naming/src/index.ts', `import { z } from 'zod';`);
    write('libs/testing/project.json', { name: 'testing', tags: ['layer:testing'] });
    write('libs/testing/package.json', { name: '@platform/testing' });
    write('apps/orders-service/project.json', {
      name: 'orders-service',
      implicitDependencies: ['kafka'],
    });
    write(
      'apps/orders-service/src/app/saga.ts',
      `import { stock } from '../../../inventory-service/src/commands/stock.commands';
       import { Injectable } from '@nestjs/common';`,
    );
    write('apps/orders-service/src/app/saga.ts.template', `import { x } from '@platform/testing';`);
    write('apps/inventory-service/project.json', { name: 'inventory-service' });
    write('apps/inventory-service/src/commands/stock.commands.ts', `export const stock = 1;`);
    write('apps/no-project/src/main.ts', `import { a } from '@platform/kafka';`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads each project with a project.json: name, kind, layer tags, declared dependencies', () => {
    const projects = readWorkspaceProjects(root);
    expect(projects.map((p) => [p.name, p.kind])).toEqual([
      ['inventory-service', 'app'],
      ['orders-service', 'app'],
      ['kafka', 'lib'],
      ['naming', 'lib'],
      ['testing', 'lib'],
    ]);
    expect(projects.find((p) => p.name === 'kafka')).toMatchObject({
      root: 'libs/kafka',
      tags: ['layer:kafka-core'],
      packageName: '@platform/kafka',
      packageDependencies: ['@platform/naming', 'zod'],
    });
    expect(projects.find((p) => p.name === 'orders-service')?.implicitDependencies).toEqual([
      'kafka',
    ]);
  });

  it('resolves imports to projects by package name and by relative path, specs marked', () => {
    const imports = collectImports(root, readWorkspaceProjects(root));
    expect(imports).toEqual([
      {
        project: 'orders-service',
        file: 'apps/orders-service/src/app/saga.ts',
        specifier: '../../../inventory-service/src/commands/stock.commands',
        testOnly: false,
        target: 'inventory-service',
      },
      {
        project: 'orders-service',
        file: 'apps/orders-service/src/app/saga.ts',
        specifier: '@nestjs/common',
        testOnly: false,
      },
      {
        project: 'kafka',
        file: 'libs/kafka/src/fixtures/consumer.ts',
        specifier: '@platform/nowhere',
        testOnly: true,
        unknownWorkspacePackage: true,
      },
      {
        project: 'kafka',
        file: 'libs/kafka/src/index.ts',
        specifier: '@platform/naming/sub',
        testOnly: false,
        target: 'naming',
      },
      {
        project: 'kafka',
        file: 'libs/kafka/src/topic.spec.ts',
        specifier: '@platform/testing',
        testOnly: true,
        target: 'testing',
      },
      { project: 'naming', file: 'libs/naming/src/index.ts', specifier: 'zod', testOnly: false },
    ]);
  });
});
