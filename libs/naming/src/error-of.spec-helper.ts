import { NamingError } from './errors';

/** Runs `run` and returns the NamingError it threw, so specs can assert rule and message. */
export function errorOf(run: () => unknown): NamingError {
  try {
    run();
  } catch (error) {
    if (error instanceof NamingError) return error;
    throw error;
  }
  throw new Error('expected a NamingError, nothing was thrown');
}
