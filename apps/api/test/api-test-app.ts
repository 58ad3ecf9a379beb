import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { SyncProviderEventsUseCase } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';
import { DataVersion } from '@contexts/events/domain/data-version';
import { EventSyncStore } from '@contexts/events/domain/event-sync-store';
import { EventsProvider } from '@contexts/events/domain/events-provider';
import { EventsDatabase } from '@contexts/events/infrastructure/persistence/events-database';
import { SyncRunRepository } from '@contexts/events/domain/sync-run.repository';
import { RecordingSyncRunObserver } from '@contexts/events/testing/recording-sync-run.observer';
import { migratedEventsDataSource } from '@contexts/events/testing/events-data-source';
import { AppConfig, loadConfig } from '@shared/config/app-config';
import { createAppLogger } from '@shared/logging/app-logger';
import { PinoNestLogger } from '@shared/logging/pino-nest-logger';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { ApiModule } from '../src/api.module';
import { configureApiApp, createApiAdapter } from '../src/configure-api-app';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RunningApi {
  app: NestFastifyApplication;
  baseUrl: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Every line the app logged, parsed (JSON format, at the LOG_LEVEL given, info by default). */
  logs(): Record<string, unknown>[];
  /** Runs one sync pass with `provider` through the app's own store, as the worker would. */
  sync(provider: EventsProvider): Promise<void>;
  /** The app's own connection to its database, for arranging and checking rows. */
  database(): DataSource;
  /** Resolves once the app's cache keys use the version now in the database. */
  dataVersionCaughtUp(): Promise<number>;
  close(): Promise<void>;
}

/** The real API module and setup, listening on a free port; settings as environment variables would give them. */
export async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const config = loadConfig({ LOG_FORMAT: 'json', ...env });
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.register(config)] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const lines: string[] = [];
  const logger = createAppLogger({ level: config.logLevel, format: 'json', app: 'api', destination: { write: (line) => lines.push(line) } });
  const app = await configureApiApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createApiAdapter(logger, config), { logger: new PinoNestLogger(logger) }),
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  return {
    app,
    baseUrl,
    get: (path, headers = {}) => fetch(`${baseUrl}${path}`, { headers }),
    logs: () => lines.map((line) => JSON.parse(line)),
    async sync(provider) {
      const useCase = new SyncProviderEventsUseCase(
        provider,
        app.get(EventSyncStore),
        app.get(SyncRunRepository),
        new Logger('sync'),
        new RecordingSyncRunObserver(),
      );
      const report = await useCase.execute();
      if (report.outcome !== 'succeeded') throw new Error(`sync ${report.outcome}: ${report.error}`);
    },
    database: () => app.get(EventsDatabase).dataSource,
    async dataVersionCaughtUp() {
      const [{ version }] = await app
        .get(EventsDatabase)
        .dataSource.query<{ version: string }[]>('SELECT version FROM data_version WHERE id = 1');
      const stored = Number(version);
      const deadline = Date.now() + 5_000;
      while ((await app.get(DataVersion).current()) < stored) {
        if (Date.now() > deadline) throw new Error(`the app's data version never reached ${stored}`);
        await sleep(20);
      }
      return stored;
    },
    close: () => app.close(),
  };
}

/**
 * A fresh database whose data version starts where no earlier run can have been, so cache keys
 * of this run never meet entries an earlier run left in the shared Redis.
 */
export async function databaseWithUnusedVersions(): Promise<TestDatabase> {
  const database = await createPostgresTestDatabase();
  const dataSource = await migratedEventsDataSource(database.url);
  await dataSource.query('UPDATE data_version SET version = $1 WHERE id = 1', [Date.now() * 1000 + randomInt(1000)]);
  await dataSource.destroy();
  return database;
}

type WithApis = (count: number, env: Record<string, string>, use: (...apis: RunningApi[]) => Promise<void>) => Promise<void>;

/**
 * For a describe block whose specs each start APIs of their own: one database with unused versions,
 * made before the specs and dropped after them, and a way to start `count` APIs on it (with
 * `defaults`, then each spec's settings) that closes them whatever happens.
 */
export function apisOnOneDatabase(defaults: Record<string, string> = {}): WithApis {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  }, 30_000);
  return async (count, env, use) => {
    const apis: RunningApi[] = [];
    try {
      for (let i = 0; i < count; i += 1) apis.push(await startApi({ DATABASE_URL: database!.url, ...defaults, ...env }));
      await use(...apis);
    } finally {
      await Promise.all(apis.map((api) => api.close()));
    }
  };
}
