import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shared/config/app-config';
import { nestLogLevels } from '@shared/logging/nest-log-levels';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: nestLogLevels(config.logLevel) });
  // SIGTERM/SIGINT close the context: the scheduler lets a run in flight finish or roll back first.
  app.enableShutdownHooks();
  const providers = config.providers.map((provider) => `${provider.name} (${provider.feedUrl})`).join(', ');
  console.log(`worker: syncing ${providers} every ${config.syncIntervalSeconds} s, ${config.syncConcurrency} at a time`);
}

bootstrap().catch((error: Error) => {
  console.error(`worker failed to start: ${error.message}`);
  process.exit(1);
});
