import { createMessageFactory } from './payload';

describe('createMessageFactory', () => {
  const message = createMessageFactory();

  it('gives 1 KiB values that start with the message index', () => {
    const { value } = message(7);
    expect(value).toHaveLength(1024);
    expect(value.readUInt32BE(0)).toBe(7);
  });

  it('repeats keys every 1024 messages, like aggregate ids', () => {
    expect(message(7).key).toBe('key-7');
    expect(message(1031).key).toBe('key-7');
  });

  it('shares the filler but never the buffer', () => {
    const a = message(1);
    const b = message(2);
    expect(a.value).not.toBe(b.value);
    expect(a.value.subarray(4)).toEqual(b.value.subarray(4));
  });

  it('rejects a value too small to hold the index', () => {
    expect(() => createMessageFactory(3)).toThrow(
      'Invalid value size, expected an integer >= 4 received 3',
    );
  });
});
