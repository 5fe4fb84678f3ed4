import { getContainerRuntimeClient } from 'testcontainers';

/** True when a container engine answers (not just a docker client on PATH). */
export async function isDockerAvailable(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
