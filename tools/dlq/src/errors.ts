/** Bad input on the command line: the message says what to type instead (exit code 2). */
export class DlqUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DlqUsageError';
  }
}

/** Stopped by Ctrl-C; the message says what was and was not replayed (exit code 130). */
export class DlqInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DlqInterruptedError';
  }
}
