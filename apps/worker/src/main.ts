import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@shared/config/app-config';
import { explainListenFailure } from '@shared/lifecycle/listen-failure';
import { exitOnSignalsWhileStarting } from '@shared/lifecycle/exit-on-signals-while-starting';
import { stopOnSignals } from '@shared/lifecycle/stop-on-signals';
import { createAppLogger } from '@shared/logging/app-logger';
import { PinoNestLogger } from '@shared/logging/pino-nest-logger';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { configureWorkerApp } from './configure-worker-app';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const disarm = exitOnSignalsWhileStarting('worker', 0);
  const config = loadConfig();
  const logger = createAppLogger({ level: config.logLevel, format: config.logFormat, app: 'worker' });
  const app = configureWorkerApp(
    await NestFactory.create<NestFastifyApplication>(WorkerModule, new FastifyAdapter(), {
      logger: new PinoNestLogger(logger),
      // A failed boot reaches the one clear line below instead of Nest's stack dump and exit.
      abortOnError: false,
    }),
  );
  // SIGTERM/SIGINT close the app: the scheduler aborts the runs in flight, which roll back first.
  stopOnSignals(app, { name: 'worker', timeoutMs: config.shutdownTimeoutMs, logger: new Logger('Shutdown') });
  disarm();
  const providers = config.providers.map((provider) => `${provider.name} (${provider.feedUrl})`).join(', ');
  logger.info(`worker: syncing ${providers} every ${config.syncIntervalSeconds} s, ${config.syncConcurrency} at a time`);
  try {
    await app.listen(config.workerPort, config.host).catch(explainListenFailure('WORKER_PORT', config.workerPort, config.host));
    const base = `http://127.0.0.1:${new URL(await app.getUrl()).port}`;
    logger.info(`worker: health on ${base}/health/ready, metrics on ${base}/metrics`);
  } catch (error) {
    // The schedule has started already and does not need HTTP: keep syncing, but say it loudly.
    logger.error(`worker: serving no health and metrics, syncing without them: ${(error as Error).message}`);
  }
}

bootstrap().catch((error: Error) => {
  console.error(redactCredentials(`worker failed to start: ${error.message}`));
  process.exit(1);
});
