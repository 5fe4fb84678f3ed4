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
