/** An error the user can act on: `hint` says what to do about it. */
export class KafkaLocalError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(`${message}\n  → ${hint}`);
    this.name = 'KafkaLocalError';
  }
}
