import { testBrokers } from '@platform/testing';
import type { DlqIo } from './cli';

/** A DlqIo on the test broker that keeps what the CLI printed; clear() empties both between tests. */
export function recordingIo(): DlqIo & { output: string[]; errors: string[]; clear(): void } {
  const output: string[] = [];
  const errors: string[] = [];
  return {
    output,
    errors,
    out: (line) => output.push(line),
    err: (line) => errors.push(line),
    brokers: testBrokers(),
    clear: () => {
      output.length = 0;
      errors.length = 0;
    },
  };
}
