import { Mutex } from './mutex';

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Mutex', () => {
  it('runs work one at a time, in the order it was asked for', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const job = (name: string, ms: number) =>
      mutex.run(async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([job('a', 20), job('b', 1), job('c', 5)]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('keeps going after a rejected job and hands the error to its caller only', async () => {
    const mutex = new Mutex();
    const failed = mutex.run(async () => {
      throw new Error('boom');
    });
    const next = mutex.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(mutex.pending).toBe(0);
  });
});
