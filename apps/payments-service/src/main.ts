import { Logger } from '@nestjs/common';
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
  // A bad environment is reported as its list of problems, not as a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
