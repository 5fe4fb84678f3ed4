import { checkChannelName } from './channel-name';

describe('checkChannelName', () => {
  it('accepts plain lower-case identifiers', () => {
    expect(checkChannelName('outbox')).toBe('outbox');
    expect(checkChannelName('_outbox_2')).toBe('_outbox_2');
    expect(checkChannelName('a'.repeat(63))).toHaveLength(63);
  });

  it.each(['', 'Outbox', '1outbox', 'out-box', 'outbox; DROP TABLE x', 'a'.repeat(64)])(
    'refuses %j',
    (name) => {
      expect(() => checkChannelName(name)).toThrow('Invalid channel name');
    },
  );
});
