import { errorMessage } from '@platform/kafka';

/**
 * A saga's data is saved as jsonb: refused at start, with the reason, rather than by the database
 * (undefined is a NOT NULL violation) or by the save (a BigInt throws) after the first steps ran,
 * failing the other starts and replies committed with it.
 */
export function checkSagaData(data: unknown): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    throw new TypeError(
      `Invalid saga data, expected a value JSON can hold (it is saved as jsonb): ${errorMessage(error)}`,
    );
  }
  if (json === undefined) {
    throw new TypeError(
      `Invalid saga data, expected a value JSON can hold (it is saved as jsonb) received ${String(data)}`,
    );
  }
}
