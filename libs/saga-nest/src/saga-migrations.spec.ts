import { sagaMigrations } from '@platform/saga';
import { sagaTableMigrations } from './saga-migrations';

describe('sagaTableMigrations', () => {
  it("outside a bundle reads the saga library's own SQL", () => {
    const migrations = sagaTableMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations).toEqual(sagaMigrations());
  });
});
