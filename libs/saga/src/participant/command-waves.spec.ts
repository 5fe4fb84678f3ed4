import { commandWaves } from './command-waves';

const keys = (item: string): string[] => item.split(':');

describe('commandWaves', () => {
  it('keeps every command in one wave while no saga or key repeats', () => {
    expect(commandWaves(['s1:k1', 's2:k2', 's3:k3'], keys)).toEqual([['s1:k1', 's2:k2', 's3:k3']]);
  });

  it('moves a repeated saga to the next wave, and what follows it on the same key too', () => {
    expect(commandWaves(['s1:k1', 's2:k2', 's1:k1', 's3:k3', 's1:k1'], keys)).toEqual([['s1:k1', 's2:k2', 's3:k3'], ['s1:k1'], ['s1:k1']]);
  });

  it('orders two sagas that share a key', () => {
    expect(commandWaves(['s1:k', 's2:k', 's3:x'], keys)).toEqual([['s1:k', 's3:x'], ['s2:k']]);
  });

  it('places a command after the later of its saga and its key', () => {
    expect(commandWaves(['s1:a', 's1:b', 's2:b', 's3:a'], keys)).toEqual([['s1:a'], ['s1:b', 's3:a'], ['s2:b']]);
  });

  it('returns no wave for no command', () => {
    expect(commandWaves([], keys)).toEqual([]);
  });
});
