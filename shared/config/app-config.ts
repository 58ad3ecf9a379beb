import { Env, integer, oneOf, optional, url } from './env-values';
import { ProviderSetting, providerSettings } from './provider-settings';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** Also the DI token for the settings: a class, so no string key can drift from it. */
export class AppConfig {
  /** null: use the embedded PostgreSQL (PGlite) under `dataDir`. */
  readonly databaseUrl!: string | null;
  /** null: use the in-process LRU cache store. */
  readonly redisUrl!: string | null;
  /** At least one; names are unique. */
  readonly providers!: readonly ProviderSetting[];
  readonly providerTimeoutMs!: number;
  readonly port!: number;
  readonly syncIntervalSeconds!: number;
  /** Providers one worker syncs at the same time. */
  readonly syncConcurrency!: number;
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
    providers: providerSettings(env),
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 600_000),
    port: integer(env, 'PORT', 3000, 1, 65_535),
    syncIntervalSeconds: integer(env, 'SYNC_INTERVAL_SECONDS', 30, 1, 86_400),
    syncConcurrency: integer(env, 'SYNC_CONCURRENCY', 2, 1, 64),
    cacheTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 60, 0, 86_400),
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    dataDir: optional(env, 'DATA_DIR') ?? '.data',
    embeddedDatabasePort: integer(env, 'EMBEDDED_DATABASE_PORT', 54_329, 1, 65_535),
  });
}
