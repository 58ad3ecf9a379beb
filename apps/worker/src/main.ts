import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@shared/config/app-config';
import { stopOnSignals } from '@shared/lifecycle/stop-on-signals';
import { nestLogLevels } from '@shared/logging/nest-log-levels';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: nestLogLevels(config.logLevel) });
  // SIGTERM/SIGINT close the context: the scheduler aborts the runs in flight, which roll back first.
  stopOnSignals(app, { name: 'worker', timeoutMs: config.shutdownTimeoutMs, logger: new Logger('Shutdown') });
  const providers = config.providers.map((provider) => `${provider.name} (${provider.feedUrl})`).join(', ');
  console.log(`worker: syncing ${providers} every ${config.syncIntervalSeconds} s, ${config.syncConcurrency} at a time`);
}

bootstrap().catch((error: Error) => {
  console.error(`worker failed to start: ${error.message}`);
  process.exit(1);
});
