import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@shared/config/app-config';
import { stopOnSignals } from '@shared/lifecycle/stop-on-signals';
import { nestLogLevels } from '@shared/logging/nest-log-levels';
import { ApiModule } from './api.module';
import { configureApiApp, createApiAdapter } from './configure-api-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Nest logs nothing per request, and Fastify's own request logger stays off: no logging on the hot path.
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createApiAdapter(), {
    logger: nestLogLevels(config.logLevel),
  });
  configureApiApp(app);
  // SIGTERM/SIGINT: stop accepting, let requests in flight finish, then close Redis and PostgreSQL.
  stopOnSignals(app, { name: 'api', timeoutMs: config.shutdownTimeoutMs, logger: new Logger('Shutdown') });
  await app.listen(config.port, '0.0.0.0');
  const base = `http://127.0.0.1:${config.port}`;
  console.log(`api: listening on ${base} (search: ${base}/search, docs: ${base}/docs, OpenAPI: ${base}/openapi.json)`);
}

bootstrap().catch((error: Error) => {
  console.error(`api failed to start: ${error.message}`);
  process.exit(1);
});
