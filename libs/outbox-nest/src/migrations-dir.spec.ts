import { OUTBOX_MIGRATIONS_DIR } from '@platform/outbox';
import { outboxMigrationsDir } from './migrations-dir';

describe('outboxMigrationsDir', () => {
  it("outside a bundle is the outbox library's folder", () => {
    expect(outboxMigrationsDir()).toBe(OUTBOX_MIGRATIONS_DIR);
  });
});
