/** A migration recorded as applied no longer has the same SQL: someone edited a shipped migration. */
export class MigrationChecksumError extends Error {
  constructor(
    readonly namespace: string,
    readonly migration: string,
  ) {
    super(
      `Migration ${namespace}/${migration} was applied with different SQL than the file now holds. ` +
        'Shipped migrations are never edited: restore the file and add a new migration for the change.',
    );
    this.name = 'MigrationChecksumError';
  }
}

/**
 * Migrations not yet applied come before one that already is: typically a branch merged after a
 * later migration was deployed. Applying them would run them in an order no one tested (the later
 * one may already have changed what they change), so they are refused until renamed.
 */
export class MigrationOrderError extends Error {
  constructor(
    readonly namespace: string,
    /** The migrations not yet applied that come before `appliedLater`, in order. */
    readonly pending: readonly string[],
    /** The newest migration recorded as applied (whether or not this code knows it). */
    readonly appliedLater: string,
  ) {
    const one = pending.length === 1;
    const [it, was, holds] = one
      ? ['it', 'it was', 'it still holds']
      : ['them', 'they were', 'they still hold'];
    const names = pending.map((name) => `${namespace}/${name}`).join(', ');
    super(
      `${one ? `Migration ${names} is` : `Migrations ${names} are`} not applied, but ` +
        `${namespace}/${appliedLater}, which comes after ${it}, already is: ${was} probably merged ` +
        `after ${appliedLater} was deployed. Migrations run in name order, so ${one ? 'it' : 'they'} ` +
        `would run out of order. Rename ${it} to come after the last applied migration` +
        `${renamedExample(pending[0], appliedLater)} and check that ${holds} on top of ` +
        `${appliedLater}. Nothing was applied.`,
    );
    this.name = 'MigrationOrderError';
  }
}

/** ` (e.g. 0004_add_note)`: the first pending migration numbered right after the applied one. */
function renamedExample(pending: string, appliedLater: string): string {
  const position = /^\d{4}_/.test(appliedLater) ? Number(appliedLater.slice(0, 4)) + 1 : NaN;
  if (!Number.isInteger(position) || position > 9999) return '';
  return ` (e.g. ${String(position).padStart(4, '0')}${pending.slice(4)})`;
}
