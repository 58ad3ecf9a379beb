import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '@shared/config/app-config';
import { createAppLogger } from '@shared/logging/app-logger';
import { PinoNestLogger } from '@shared/logging/pino-nest-logger';
import { configureWorkerApp } from '../src/configure-worker-app';
import { WorkerModule } from '../src/worker.module';

export interface RunningWorker {
  baseUrl: string;
  get(path: string): Promise<Response>;
  /** Every line the worker logged, as JSON text. */
  logs(): string[];
  close(): Promise<void>;
}

/**
 * The real worker module, scheduler included, with settings as environment variables would give
 * them, its HTTP surface on a free port.
 */
export async function startWorker(env: Record<string, string>): Promise<RunningWorker> {
  const config = loadConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const lines: string[] = [];
  const logger = createAppLogger({ level: config.logLevel, format: 'json', app: 'worker', destination: { write: (line) => lines.push(line) } });
  const app = configureWorkerApp(
    moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: new PinoNestLogger(logger) }),
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    baseUrl,
    get: (path) => fetch(`${baseUrl}${path}`),
    logs: () => [...lines],
    close: () => app.close(),
  };
}
