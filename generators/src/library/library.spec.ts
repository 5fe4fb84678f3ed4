import { addProjectConfiguration, logger, readJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { expectRefusal } from '../testing/tree-helpers';
import { libraryGenerator } from './library';

const read = (tree: Tree, path: string): string => tree.read(path, 'utf-8') ?? '';

describe('library generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  describe('name', () => {
    it('creates libs/<name> as @platform/<name> with main src/index.ts', async () => {
      await libraryGenerator(tree, { name: 'money', skipFormat: true });
      expect(readJson(tree, 'libs/money/package.json')).toEqual({
        name: '@platform/money',
        version: '0.0.0',
        private: true,
        description: 'TODO: the one concern @platform/money owns.',
        main: 'src/index.ts',
        types: 'src/index.ts',
      });
    });

    it('registers the project with a typecheck target and its tags', async () => {
      await libraryGenerator(tree, { name: 'order-history', skipFormat: true });
      const project = readProjectConfiguration(tree, 'order-history');
      expect(project).toMatchObject({ root: 'libs/order-history', sourceRoot: 'libs/order-history/src', projectType: 'library' });
      expect(project.targets).toEqual({ typecheck: {} });
      expect(project.tags).toEqual(['scope:libs', 'layer:order-history']);
    });

    it('writes tsconfig, jest config, README, index and a spec', async () => {
      await libraryGenerator(tree, { name: 'order-history', skipFormat: true });
      expect(readJson(tree, 'libs/order-history/tsconfig.json')).toEqual({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node', 'jest'] },
        include: ['src/**/*.ts'],
      });
      expect(read(tree, 'libs/order-history/jest.config.js')).toContain("require('../../jest.preset.js')");
      expect(read(tree, 'libs/order-history/README.md')).toContain("import { orderHistoryVersion } from '@platform/order-history';");
      expect(read(tree, 'libs/order-history/src/index.ts')).toContain("export { orderHistoryVersion } from './order-history';");
      expect(read(tree, 'libs/order-history/src/order-history.spec.ts')).toContain("expect(orderHistoryVersion()).toBe('0.0.0');");
    });

    it('refuses an invalid name with the naming rule and an example, writing nothing', async () => {
      const error = await expectRefusal(tree, () => libraryGenerator(tree, { name: 'Money' }));
      expect(error.message).toBe('Invalid library name "Money": must be lowercase (rule: lowercase). Example: money');
    });

    it('refuses a name a project or package uses, writing nothing', async () => {
      await libraryGenerator(tree, { name: 'money', skipFormat: true });
      const error = await expectRefusal(tree, () => libraryGenerator(tree, { name: 'money' }));
      expect(error.message).toBe(
        'Cannot create library "money": project money (libs/money) already uses that name or @platform/money. Nothing was written. Example: nx g library money-core',
      );
    });
  });

  describe('index', () => {
    it('is refused: its first source file would be the entry point src/index.ts, writing nothing', async () => {
      const error = await expectRefusal(tree, () => libraryGenerator(tree, { name: 'index' }));
      expect(error.message).toBe(
        'Cannot create library "index": its first source file, libs/index/src/index.ts, would be the package\'s entry point (src/index.ts, which re-exports it). ' +
          'Pick another name; nothing was written. Example: nx g library index-core',
      );
    });
  });

  describe('--description', () => {
    it('goes into package.json and the README', async () => {
      await libraryGenerator(tree, { name: 'money', description: 'Amounts in minor units, with "currency".', skipFormat: true });
      expect(readJson(tree, 'libs/money/package.json').description).toBe('Amounts in minor units, with "currency".');
      expect(read(tree, 'libs/money/README.md')).toContain('Amounts in minor units, with "currency".');
    });
  });

  describe('--layer and --tags', () => {
    it('tags the layer and adds extra tags', async () => {
      await libraryGenerator(tree, { name: 'money', layer: 'kafka-core', tags: 'team:payments', skipFormat: true });
      expect(readProjectConfiguration(tree, 'money').tags).toEqual(['scope:libs', 'layer:kafka-core', 'team:payments']);
    });

    it('warns, once it has run, when the layer is one no library uses yet (the dependency check would fail)', async () => {
      addProjectConfiguration(tree, 'kafka', { root: 'libs/kafka', tags: ['scope:libs', 'layer:kafka-core'] });
      addProjectConfiguration(tree, 'saga', { root: 'libs/saga', tags: ['scope:libs', 'layer:saga'] });
      const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      jest.spyOn(logger, 'info').mockImplementation(() => undefined);
      try {
        (await libraryGenerator(tree, { name: 'money', layer: 'saga', skipFormat: true }))();
        expect(warn).not.toHaveBeenCalled();
        (await libraryGenerator(tree, { name: 'order-history', skipFormat: true }))();
        expect(warn.mock.calls.map(([message]) => message)).toEqual([
          'layer:order-history is a new layer: the dependency check (tools/architecture) fails until it knows what it may import.\n' +
            'Pass --layer with one of kafka-core, saga, or add order-history to MAY_IMPORT in tools/architecture/src/layers.ts.',
        ]);
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('refuses an invalid layer, writing nothing', async () => {
      const error = await expectRefusal(tree, () => libraryGenerator(tree, { name: 'money', layer: 'Core' }));
      expect(error.message).toBe('Invalid layer "Core": must be lowercase (rule: lowercase). Example: kafka-core');
    });
  });
});
