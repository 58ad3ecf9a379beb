import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@shared/config/app-config';
import { explainListenFailure } from '@shared/lifecycle/listen-failure';
import { exitOnSignalsWhileStarting } from '@shared/lifecycle/exit-on-signals-while-starting';
import { stopOnSignals } from '@shared/lifecycle/stop-on-signals';
import { createAppLogger } from '@shared/logging/app-logger';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { PinoNestLogger } from '@shared/logging/pino-nest-logger';
import { ApiModule } from './api.module';
import { configureApiApp, createApiAdapter } from './configure-api-app';

const DRAIN_MS = 1_000;

async function bootstrap(): Promise<void> {
  const disarm = exitOnSignalsWhileStarting('api', 0);
  const config = loadConfig();
  const logger = createAppLogger({ level: config.logLevel, format: config.logFormat, app: 'api' });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config), createApiAdapter(logger, config), {
    logger: new PinoNestLogger(logger),
    // A failed boot (a bad setting found while wiring, an unreachable database) reaches the one
    // clear line below instead of Nest's stack dump and exit.
    abortOnError: false,
  });
  const stopping = new AbortController();
  await configureApiApp(app, stopping.signal);
  // SIGTERM/SIGINT: stop accepting, let requests in flight finish, then close Redis and PostgreSQL.
  stopOnSignals(app, {
    name: 'api',
    timeoutMs: config.shutdownTimeoutMs,
    logger: new Logger('Shutdown'),
    // A moment of `Connection: close` answers before closing, so clients stop reusing connections.
    drain: { onSignal: () => stopping.abort(), drainMs: Math.min(DRAIN_MS, config.shutdownTimeoutMs / 4) },
  });
  disarm();
  await app.listen(config.port, config.host).catch(explainListenFailure('PORT', config.port, config.host));
  const base = `http://127.0.0.1:${config.port}`;
  logger.info(`api: listening on ${base} (search: ${base}/search, docs: ${base}/docs, health: ${base}/health/ready, metrics: ${base}/metrics)`);
}

bootstrap().catch((error: Error) => {
  console.error(redactCredentials(`api failed to start: ${error.message}`));
  process.exit(1);
});
