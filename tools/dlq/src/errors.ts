/** Bad input on the command line: the message says what to type instead (exit code 2). */
export class DlqUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DlqUsageError';
  }
}
