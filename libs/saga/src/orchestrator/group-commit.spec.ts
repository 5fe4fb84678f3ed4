import { GroupCommit } from './group-commit';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits a lone item at once and groups what arrives while a commit runs', async () => {
    const commits: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<number>(
      async (items) => {
        commits.push([...items]);
        if (commits.length === 1) await first;
      },
      { concurrency: 1 },
    );
    const done = [group.submit(1)];
    await tick();
    done.push(group.submit(2), group.submit(3), group.submit(4));
    await tick();
    expect(commits).toEqual([[1]]);
    release();
    await Promise.all(done);
    expect(commits).toEqual([[1], [2, 3, 4]]);
  });

  it('respects maxBatch and concurrency', async () => {
    const commits: number[][] = [];
    let inFlight = 0;
    let most = 0;
    const group = new GroupCommit<number>(
      async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        commits.push([...items]);
        await tick();
        inFlight -= 1;
      },
      { maxBatch: 2, concurrency: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    expect(commits.flat().sort()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...commits.map((c) => c.length))).toBe(2);
    expect(most).toBe(2);
  });

  it('after a failed group, commits each item alone so only the bad one fails', async () => {
    const commits: number[][] = [];
    let block = true;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<number>(
      async (items) => {
        commits.push([...items]);
        if (block) {
          block = false;
          await gate;
        }
        if (items.includes(3)) throw new Error(`item 3 is bad`);
      },
      { concurrency: 1 },
    );
    const results = [group.submit(1)];
    await tick();
    results.push(group.submit(2), group.submit(3), group.submit(4));
    release();
    const settled = await Promise.allSettled(results);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(commits).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('commits units submitted in one turn together and never splits a unit, even past maxBatch', async () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number>(async (items) => void commits.push([...items]), { maxBatch: 3, concurrency: 1 });
    await Promise.all([group.submitAll([1, 2]), group.submit(3), group.submitAll([4, 5, 6, 7]), group.submit(8)]);
    expect(commits).toEqual([[1, 2, 3], [4, 5, 6, 7], [8]]);
  });

  it('after a failed group, commits each unit alone and rejects the whole unit at fault', async () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number>(
      async (items) => {
        commits.push([...items]);
        if (items.includes(3)) throw new Error('item 3 is bad');
      },
      { concurrency: 1 },
    );
    const settled = await Promise.allSettled([group.submitAll([1, 2]), group.submitAll([3, 4]), group.submit(5)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(commits).toEqual([[1, 2, 3, 4, 5], [1, 2], [3, 4], [5]]);
  });

  it('refuses bad options', () => {
    expect(() => new GroupCommit(async () => undefined, { maxBatch: 0 })).toThrow('Invalid groupCommit.maxBatch, expected an integer >= 1 received 0');
  });
});
