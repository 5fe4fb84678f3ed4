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

/**
 * `close()` was called from inside one of the database's own transactions. close waits for running
 * transactions (Postgres: the pool waits for every connection; PGlite: the one connection), that
 * one included, and that one waits for close: refused rather than hanging forever.
 */
export class CloseInTransactionError extends Error {
  constructor() {
    super(
      'close() was called inside a transaction of this database: it waits for running ' +
        'transactions, that one included, so it would wait forever. Close after the transaction ' +
        'callback returns.',
    );
    this.name = 'CloseInTransactionError';
  }
}

/** The database was closed; nothing was sent. */
export class DatabaseClosedError extends Error {
  constructor(driver: string) {
    super(`The ${driver} database is closed; open a new one with openDatabase().`);
    this.name = 'DatabaseClosedError';
  }
}

/**
 * COMMIT rolled the transaction back: a statement in it failed and the callback caught the error,
 * which leaves Postgres's transaction aborted. Postgres answers such a COMMIT with ROLLBACK and no
 * error, so without this check the caller would believe its writes (an inbox row, an outbox row,
 * an effect) were kept. Same SQLSTATE as Postgres's "transaction is aborted" error.
 */
export class TransactionRolledBackError extends Error {
  readonly code = '25P02';
  constructor() {
    super(
      'The transaction was rolled back instead of committed: a statement in it failed and its ' +
        'error was caught, so nothing it wrote was kept. Let the error propagate, or run the ' +
        'statement that may fail in a savepoint (SAVEPOINT s; … ROLLBACK TO SAVEPOINT s) and catch it there.',
    );
    this.name = 'TransactionRolledBackError';
  }
}

/** A statement was sent on a transaction's `tx` after that transaction had committed or rolled back. */
export class TransactionEndedError extends Error {
  constructor() {
    super(
      'Cannot run a statement on a transaction that has ended (committed or rolled back): await ' +
        'every statement inside the transaction callback, and open a new transaction for later work.',
    );
    this.name = 'TransactionEndedError';
  }
}

/**
 * Postgres: no pooled connection came free in time because every one is in use. The usual cause
 * is a db.query or db.transaction inside a db.transaction callback: it waits for a connection
 * that its own transaction holds, and with enough of them at once nothing ever comes free.
 */
export class PoolExhaustedError extends Error {
  constructor(poolSize: number, acquireTimeoutMs: number) {
    super(
      `No database connection came free within ${acquireTimeoutMs} ms: all ${poolSize} of the ` +
        "pool's connections are in use. A db.query or db.transaction called inside a " +
        'db.transaction callback waits for a connection its own transaction holds: use the `tx` ' +
        'handed to the callback. If the load is real, raise poolSize (or acquireTimeoutMs).',
    );
    this.name = 'PoolExhaustedError';
  }
}
