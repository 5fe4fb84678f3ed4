import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses, e.g. `it-orders-3f9a1c2b`: tests share one broker and one
 * database server, so topics, groups and databases must never collide or leak state.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
