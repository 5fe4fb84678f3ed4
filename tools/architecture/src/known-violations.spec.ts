import type { Violation } from './check-dependencies';
import { compareWithKnown, type KnownViolation } from './known-violations';

const violation = (project: string, target: string): Violation => ({
  rule: 'declared-dependency',
  project,
  target,
  file: `tools/${project}/src/cli.ts`,
  message: `${project} does not declare ${target}`,
});
const known: KnownViolation[] = [
  { rule: 'declared-dependency', project: 'bench', targets: ['kafka', 'saga'], why: 'debt' },
];

describe('compareWithKnown', () => {
  it('lets a known violation through and reports a new one', () => {
    const found = [
      violation('bench', 'kafka'),
      violation('bench', 'saga'),
      violation('dlq', 'kafka'),
    ];
    expect(compareWithKnown(found, known)).toEqual({
      unexpected: [violation('dlq', 'kafka')],
      stale: [],
    });
  });

  it('reports a known violation that is gone, so its entry is removed', () => {
    expect(compareWithKnown([violation('bench', 'kafka')], known)).toEqual({
      unexpected: [],
      stale: ['declared-dependency: bench → saga'],
    });
  });
});
