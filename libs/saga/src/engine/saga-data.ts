import { errorMessage } from '@platform/kafka';

/**
 * The saga's data as it will be saved (jsonb), taken when the saga is started: a caller that
 * reuses its object for the next start cannot change it before the start commits, and the first
 * steps see the same JSON as every later one (as the given/expect harness does). Data JSON cannot
 * hold is refused here, with the reason, rather than by the database (undefined is a NOT NULL
 * violation) or by the save (a BigInt throws) after the first steps ran, failing the other starts
 * and replies committed with it.
 */
export function sagaDataSnapshot<D>(data: D): D {
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
  return JSON.parse(json) as D;
}
