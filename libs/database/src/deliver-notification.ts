/**
 * Hands a notification to one LISTEN callback. It runs inside the driver's message handling (pg's
 * socket reader, PGlite's query loop), where an exception is uncaught and ends the process; and
 * notifications are only hints. So a callback that throws is reported and the others still run.
 */
export function deliverNotification(
  channel: string,
  callback: (payload: string) => void,
  payload: string,
): void {
  try {
    callback(payload);
  } catch (error) {
    console.warn(
      `[database] a listener of channel ${channel} threw; ignored: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
