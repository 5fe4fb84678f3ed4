import { isValidTopicName, validateSagaTopicName } from '@platform/naming';
import { catalog } from './topic-catalog';

/** Event topics (`<domain>.<entity>.<past-tense event>`) or saga topics (`<domain>.<entity>.commands|replies`). */
function isValidName(name: string): boolean {
  if (isValidTopicName(name)) return true;
  try {
    validateSagaTopicName(name);
    return true;
  } catch {
    return false;
  }
}

describe('the inventory topic catalog', () => {
  it('is owned by inventory', () => {
    expect(catalog.service).toBe('inventory');
  });

  it('declares only valid topics of the inventory domain', () => {
    const misplaced = catalog.topics
      .map((topic) => topic.name)
      .filter((name) => !isValidName(name) || name.split('.')[0] !== 'inventory');
    expect(misplaced).toEqual([]);
  });
});
