import { Logger } from '@nestjs/common';
import { MissingTopicsError } from '@platform/kafka';
import { missingTopicsMessage, portInUseMessage } from '@platform/kafka-nest';
import { createApp } from './app/create-app';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port);
  Logger.log(`payments-service listening on port ${config.port} (/health, /metrics)`, 'main');
}

main().catch((error: unknown) => {
  // What the operator fixes (a bad environment, topics not provisioned, a port taken) is reported
  // as what to do, not as a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof MissingTopicsError) console.error(missingTopicsMessage(error));
  else console.error(portInUseMessage(error, 'payments-service') ?? error);
  process.exit(1);
});
