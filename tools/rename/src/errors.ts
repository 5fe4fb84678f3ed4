/** Bad input on the command line: the message says what to type instead (exit code 2). */
export class RenameUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenameUsageError';
  }
}

/** The workspace is not in a state to rename (dirty, not a git work tree): exit code 1. */
export class RenameRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenameRefusedError';
  }
}

/** A write failed after others succeeded: the message lists them and how to undo (exit code 1). */
export class RenameWriteError extends Error {
  constructor(
    message: string,
    /** The files written before the failure, in write order. */
    readonly written: readonly string[],
  ) {
    super(message);
    this.name = 'RenameWriteError';
  }
}
