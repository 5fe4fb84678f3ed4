/**
 * What an operator reads when a service cannot open its HTTP port: which port and how to pick
 * another, instead of Node's `listen EADDRINUSE` stack trace. Undefined for any other error, so a
 * service's main.ts can print `portInUseMessage(error, name) ?? error`.
 */
export function portInUseMessage(error: unknown, service: string): string | undefined {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return undefined;
  return (
    `Cannot start ${service}: port ${String(port)} is already in use (another copy of the ` +
    'service, or another program, listens there). Stop that process, or set PORT to a free port.'
  );
}
