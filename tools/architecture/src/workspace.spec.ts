/**
 * The generator on this workspace's apps: the edges the reference services must show, and the
 * drift check — docs/architecture.md must be what `npm run docs:architecture` writes now, so a
 * topic, handler or saga step added without regenerating the page fails CI.
 */
import { join } from 'node:path';
import { collectArchitecture } from './collect-architecture';
import { generateDoc } from './generate-doc';
import type { Edge } from './model';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const DOC = join(WORKSPACE_ROOT, 'docs', 'architecture.md');

describe('the architecture of this workspace', () => {
  const model = collectArchitecture(WORKSPACE_ROOT);
  const edge = (service: string, kind: Edge['kind'], topic: string): Edge => ({
    service,
    topic,
    kind,
  });

  it('shows who publishes the events, sends the saga commands and replies', () => {
    expect(model.edges).toEqual(
      expect.arrayContaining([
        edge('orders-service', 'publishes', 'orders.order.created'),
        edge('orders-service', 'publishes', 'orders.order.approved'),
        edge('inventory-service', 'publishes', 'inventory.stock.reserved'),
        edge('payments-service', 'publishes', 'payments.payment.processed'),
        edge('orders-service', 'publishes', 'inventory.stock.commands'),
        edge('orders-service', 'publishes', 'payments.payment.commands'),
        edge('inventory-service', 'publishes', 'orders.order.replies'),
        edge('payments-service', 'publishes', 'orders.order.replies'),
      ]),
    );
  });

  it('shows who handles the commands and the replies', () => {
    expect(model.edges).toEqual(
      expect.arrayContaining([
        edge('inventory-service', 'handled by', 'inventory.stock.commands'),
        edge('payments-service', 'handled by', 'payments.payment.commands'),
        edge('orders-service', 'handled by', 'orders.order.replies'),
      ]),
    );
    expect(model.topics.find((t) => t.name === 'inventory.stock.commands')?.commandTypes).toEqual([
      'release-stock',
      'reserve-stock',
    ]);
  });

  it('resolves every handler and saga reference', () => {
    expect(model.warnings).toEqual([]);
  });

  it('matches docs/architecture.md (run `npm run docs:architecture` when this fails)', () => {
    const { current, expected } = generateDoc(WORKSPACE_ROOT, DOC);
    expect(current).toBe(expected);
  });
});
