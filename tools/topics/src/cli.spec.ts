import { parseTopicsArgs, planRefusal, TopicsUsageError, USAGE } from './cli';
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

describe('parseTopicsArgs', () => {
  it('reads the command and its flags', () => {
    expect(
      parseTopicsArgs([
        'apply',
        '--catalog',
        'a.ts',
        '--catalog',
        'b.ts',
        '--prune',
        '--allow-partition-increase',
      ]),
    ).toEqual({
      command: 'apply',
      catalogs: ['a.ts', 'b.ts'],
      prune: true,
      allowPartitionIncrease: true,
    });
  });

  it('loads a catalog given twice once (its topics would read as declared by two services)', () => {
    expect(
      parseTopicsArgs(['plan', '--catalog', 'a.ts', '--catalog', './a.ts', '--catalog', 'b.ts'])
        .catalogs,
    ).toEqual(['a.ts', 'b.ts']);
  });

  it('answers help for help, --help and -h, whatever else is given', () => {
    for (const argv of [
      ['help'],
      ['--help'],
      ['-h'],
      ['plan', '--help'],
      ['apply', '--prune', '-h'],
    ])
      expect(parseTopicsArgs(argv).command).toBe('help');
    expect(USAGE).toContain('--allow-partition-increase');
  });

  it('refuses a mistake with a usage error that names it', () => {
    const refusal = (argv: string[]) => () => parseTopicsArgs(argv);
    expect(refusal([])).toThrow(new TopicsUsageError('Missing command: plan or apply.'));
    expect(refusal(['deploy'])).toThrow('Unknown command "deploy": expected plan or apply.');
    expect(refusal(['plan', '--catalog'])).toThrow('--catalog needs a file');
    expect(refusal(['plan', '--catalog', '--prune'])).toThrow('--catalog needs a file');
    expect(refusal(['plan', '--purge'])).toThrow('Unknown option "--purge".');
  });
});
