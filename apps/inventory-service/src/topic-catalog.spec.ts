import { isValidTopicName } from '@platform/naming';
import { catalog } from './topic-catalog';

describe('the inventory topic catalog', () => {
  it('is owned by inventory', () => {
    expect(catalog.service).toBe('inventory');
  });

  it('declares only valid event topics of the inventory domain', () => {
    const misplaced = catalog.topics
      .map((topic) => topic.name)
      .filter((name) => !isValidTopicName(name) || name.split('.')[0] !== 'inventory');
    expect(misplaced).toEqual([]);
  });
});
