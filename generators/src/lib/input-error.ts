/**
 * Input a generator refuses for a reason other than a naming rule (those throw NamingError from
 * @platform/naming): the message says what is wrong and ends with a valid example, like
 * NamingError's. Generators throw before writing, so nothing reaches the disk.
 */
export class GeneratorInputError extends Error {
  constructor(
    problem: string,
    readonly example: string,
  ) {
    super(`${problem} Example: ${example}`);
    this.name = 'GeneratorInputError';
  }
}
