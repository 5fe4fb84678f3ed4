import { backendCpuSpent } from './outbox-cpu';

describe('backendCpuSpent', () => {
  it('adds what each backend spent, counting backends that started in between from zero', () => {
    const before = new Map([
      [101, 400],
      [102, 50],
    ]);
    const after = new Map([
      [101, 900],
      [102, 50],
      [103, 120],
    ]);
    expect(backendCpuSpent(before, after)).toBe(500 + 0 + 120);
  });

  it('is undefined when no backend could be read (a server in a container or on another host)', () => {
    expect(backendCpuSpent(new Map(), new Map())).toBeUndefined();
  });
});
