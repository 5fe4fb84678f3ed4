import { startedResources } from './started-resources';

/** Stops containers this run started. kafka-local is left running on purpose: the next run reuses it. */
export default async function globalTeardown(): Promise<void> {
  await Promise.all(startedResources.splice(0).map((container) => container.stop()));
}
