import type { StartedTestContainer } from 'testcontainers';

/** Containers this Jest run started; global setup and teardown share one process and this list. */
export const startedResources: StartedTestContainer[] = ((globalThis as Record<string, unknown>).__platformTestingResources ??=
  []) as StartedTestContainer[];
