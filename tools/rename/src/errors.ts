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
