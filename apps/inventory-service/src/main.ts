import { Logger } from '@nestjs/common';
import { MissingTopicsError } from '@platform/kafka';
import { missingTopicsMessage, portInUseMessage } from '@platform/kafka-nest';
import { createApp } from './app/create-app';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  // The HTTP port before the consumer group, so a taken port fails before joining: a member that
  // exits without leaving keeps its partitions until its session times out.
  await app.listen(config.port);
  await app.startAllMicroservices();
  Logger.log(`inventory-service listening on port ${config.port} (/health, /metrics)`, 'main');
}

main().catch((error: unknown) => {
  // What the operator fixes (a bad environment, topics not provisioned, a port taken) is reported
  // as what to do, not as a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof MissingTopicsError) console.error(missingTopicsMessage(error));
  else console.error(portInUseMessage(error, 'inventory-service') ?? error);
  process.exit(1);
});
