import { readImports } from './read-imports';

describe('readImports', () => {
  it('reads every form of import a file can depend on', () => {
    expect(
      readImports(
        'x.ts',
        `import { a } from '@platform/naming';
         import type { B } from '@platform/kafka';
         import * as c from '../../../orders-service/src/topic-catalog';
         import './side-effect';
         export { d } from '@platform/outbox';
         export * from './local';
         import e = require('@platform/saga');
         const f = require('@platform/database');
         const g = await import('@platform/kafka-nest');
         type H = typeof import('@platform/testing');`,
      ),
    ).toEqual([
      '@platform/naming',
      '@platform/kafka',
      '../../../orders-service/src/topic-catalog',
      './side-effect',
      '@platform/outbox',
      './local',
      '@platform/saga',
      '@platform/database',
      '@platform/kafka-nest',
      '@platform/testing',
    ]);
  });

  it('reads require in JavaScript', () => {
    expect(
      readImports('jest-integration.js', `const { a } = require('@platform/kafka-local');`),
    ).toEqual(['@platform/kafka-local']);
  });

  it('ignores module names in strings: templates and expected output are not imports', () => {
    expect(
      readImports(
        'service.spec.ts',
        `expect(appModule).toContain("import { OutboxModule } from '@platform/outbox-nest';");
         const template = \`import { catalog } from '../../../orders-service/src/topic-catalog';\`;
         addNamedImports(tree, file, '@platform/kafka', []);`,
      ),
    ).toEqual([]);
  });
});
