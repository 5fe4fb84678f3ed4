import { isValidTopicName } from '@platform/naming';
import { catalog } from './topic-catalog';

describe('the payments topic catalog', () => {
  it('is owned by payments', () => {
    expect(catalog.service).toBe('payments');
  });

  it('declares only valid event topics of the payments domain', () => {
    const misplaced = catalog.topics
      .map((topic) => topic.name)
      .filter((name) => !isValidTopicName(name) || name.split('.')[0] !== 'payments');
    expect(misplaced).toEqual([]);
  });
});
