import type { OrderView } from './sample-orders';

const EVENT_LABELS: Record<string, string> = {
  succeeded: 'done',
  failed: 'FAILED',
  'timed-out': 'TIMED OUT',
  'retry-scheduled': 'retry scheduled',
  parked: 'PARKED (needs attention)',
  resumed: 'resumed',
};

/** A saga's path as lines: time since the first step, forward steps and compensations (↩). */
export function renderTimeline(order: OrderView): string[] {
  const steps = order.saga?.steps ?? [];
  const start = steps.length ? new Date(steps[0].at).getTime() : 0;
  const amount = (order.amountCents / 100).toFixed(2);
  const header = `order ${order.orderId}  ${order.quantity} × ${order.sku}, ${amount}  →  ${order.status.toUpperCase()} (saga ${order.saga?.state ?? 'missing'})`;
  const lines = steps.map((entry) => {
    const offset = `+${new Date(entry.at).getTime() - start} ms`.padStart(9);
    const name =
      entry.direction === 'compensation' ? `↩ undo ${entry.stepName}` : `  ${entry.stepName}`;
    const what =
      entry.event === 'command-sent'
        ? `${entry.reason ?? 'command'} sent, waiting for the reply`
        : `${EVENT_LABELS[entry.event] ?? entry.event}${entry.reason ? `: ${entry.reason}` : ''}`;
    return `  ${offset}  ${name.padEnd(22)} ${what}`;
  });
  return [header, ...lines];
}
