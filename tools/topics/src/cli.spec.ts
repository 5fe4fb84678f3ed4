import { planRefusal } from './cli';
import type { PlanAction } from './plan';

describe('topics plan exit status', () => {
  const refuse = (name: string): PlanAction => ({
    kind: 'refuse',
    name,
    reason: 'partition decrease',
  });

  it('fails a plan that apply would refuse, saying how many steps and what to do', () => {
    expect(planRefusal([refuse('orders.order.created'), { kind: 'delete', name: 'x.y.z' }])).toBe(
      'the plan refuses 1 step (marked "!" above): apply would change nothing. Fix the catalog or the flags and plan again.',
    );
    expect(planRefusal([refuse('a.b.created'), refuse('a.b.shipped')])).toMatch(
      /^the plan refuses 2 steps/,
    );
  });

  it('passes a plan apply can run, an empty one included', () => {
    expect(planRefusal([{ kind: 'delete', name: 'orders.order.created' }])).toBeUndefined();
    expect(planRefusal([])).toBeUndefined();
  });
});
