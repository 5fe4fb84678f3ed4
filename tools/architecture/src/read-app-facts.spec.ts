import { defineCatalog } from '@platform/kafka';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAppFacts } from './read-app-facts';

describe('readAppFacts', () => {
  let root: string;
  const appDir = (): string => join(root, 'apps', 'shipping-service');
  const write = (path: string, text: string): void => {
    mkdirSync(join(appDir(), 'src', path, '..'), { recursive: true });
    writeFileSync(join(appDir(), 'src', path), text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'architecture-facts-'));
    write('topics.ts', "export const APPROVED = 'orders.order.approved';\n");
    write(
      'handlers/approved.handler.ts',
      `import { APPROVED } from '../topics';
       export class A { @EventPattern(APPROVED) a() {} }`,
    );
    write(
      'handlers/commands.handler.ts',
      `const schedule = defineCommand({ topic: 'shipping.shipment.commands', type: 'schedule-shipment' });
       export class B { @SagaCommandHandler(schedule) b() {} @EventPattern(somewhere.else) c() {} }`,
    );
    write(
      'handlers/approved.handler.spec.ts',
      "class T { @EventPattern('test.only.topic') t() {} }",
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves imported and local references, skips specs, and warns about what it cannot resolve', () => {
    const catalog = defineCatalog({ service: 'shipping', topics: [] });
    expect(readAppFacts({ app: 'shipping-service', appDir: appDir(), catalog }, root)).toEqual({
      facts: {
        app: 'shipping-service',
        owned: [],
        handlesEvents: ['orders.order.approved'],
        handlesCommands: [{ topic: 'shipping.shipment.commands', type: 'schedule-shipment' }],
        sagas: [],
      },
      warnings: [
        'apps/shipping-service/src/handlers/commands.handler.ts: cannot resolve @EventPattern topic somewhere.else; it is left out of the diagram and of the retry/dead-letter topics that topics apply creates.',
      ],
    });
  });
});
