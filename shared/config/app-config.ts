import { Env, integer, oneOf, optional, url } from './env-values';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** Also the DI token for the settings: a class, so no string key can drift from it. */
export class AppConfig {
  /** null: use the embedded PostgreSQL (PGlite) under `dataDir`. */
  readonly databaseUrl!: string | null;
  /** null: use the in-process LRU cache store. */
  readonly redisUrl!: string | null;
  readonly providerUrl!: string;
  readonly providerName!: string;
  readonly providerTimeoutMs!: number;
  readonly port!: number;
  /** The worker's own HTTP port: /health, /health/ready, /metrics. */
  readonly workerPort!: number;
  /** Bearer key of the /admin routes; null: those routes do not exist. */
  readonly adminApiKey!: string | null;
  readonly syncIntervalSeconds!: number;
  /** 0 disables the query cache. */
  readonly cacheTtlSeconds!: number;
  readonly logLevel!: LogLevel;
  readonly dataDir!: string;
  readonly embeddedDatabasePort!: number;
}

/** Reads and checks every setting once, at boot; a bad value stops the app with a message naming it. */
export function loadConfig(env: Env = process.env): AppConfig {
  return Object.assign(new AppConfig(), {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], null),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], null),
    providerUrl: url(env, 'PROVIDER_URL', ['http:', 'https:'], 'http://127.0.0.1:3001') as string,
    providerName: optional(env, 'PROVIDER_NAME') ?? 'default',
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 600_000),
    port: integer(env, 'PORT', 3000, 1, 65_535),
    workerPort: integer(env, 'WORKER_PORT', 3002, 0, 65_535),
    adminApiKey: optional(env, 'ADMIN_API_KEY'),
    syncIntervalSeconds: integer(env, 'SYNC_INTERVAL_SECONDS', 30, 1, 86_400),
    cacheTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 60, 0, 86_400),
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    dataDir: optional(env, 'DATA_DIR') ?? '.data',
    embeddedDatabasePort: integer(env, 'EMBEDDED_DATABASE_PORT', 54_329, 1, 65_535),
  });
}
