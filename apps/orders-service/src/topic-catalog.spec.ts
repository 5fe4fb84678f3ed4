import { isValidTopicName } from '@platform/naming';
import { catalog } from './topic-catalog';

describe('the orders topic catalog', () => {
  it('is owned by orders', () => {
    expect(catalog.service).toBe('orders');
  });

  it('declares only valid event topics of the orders domain', () => {
    const misplaced = catalog.topics
      .map((topic) => topic.name)
      .filter((name) => !isValidTopicName(name) || name.split('.')[0] !== 'orders');
    expect(misplaced).toEqual([]);
  });
});
