/** A statement was sent to the database from inside one of its own transactions on PGlite. */
export class NestedTransactionError extends Error {
  constructor(what: 'query' | 'transaction') {
    super(
      `Cannot run a ${what} on the database from inside one of its transactions: PGlite is a single ` +
        'connection, so it would wait for the surrounding transaction forever. Use the `tx` handed to ' +
        'your transaction callback instead.',
    );
    this.name = 'NestedTransactionError';
  }
}

/** The database was closed; nothing was sent. */
export class DatabaseClosedError extends Error {
  constructor(driver: string) {
    super(`The ${driver} database is closed; open a new one with openDatabase().`);
    this.name = 'DatabaseClosedError';
  }
}
