import { processEnv } from './env-file';
import { Env, EnvReader } from './env-values';
import { ProviderSetting, providerSettings } from './provider-settings';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
/** json: one JSON object per line, for collectors; pretty: readable lines, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';
const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
/** Fastify's trustProxy: off, on (trust every hop), a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

/** Also the DI token for the settings: a class, so no string key can drift from it. */
export class AppConfig {
  /** null (unset): use the embedded PostgreSQL (PGlite) under `dataDir`. */
  readonly databaseUrl!: string | null;
  /** A read replica for searches; null (unset): they read from the primary too. Only with `databaseUrl`. */
  readonly databaseReadUrl!: string | null;
  /** How long a start keeps retrying an unreachable database before giving up. */
  readonly databaseConnectTimeoutSeconds!: number;
  /** null (unset): use the in-process LRU cache store. */
  readonly redisUrl!: string | null;
  /** At least one; names are unique. */
  readonly providers!: readonly ProviderSetting[];
  /** Connect timeout, and the longest silence allowed between two pieces of the body. */
  readonly providerTimeoutMs!: number;
  /** Cap on one whole download. */
  readonly providerMaxDurationMs!: number;
  readonly port!: number;
  /** The worker's own HTTP port: /health, /health/ready, /metrics. */
  readonly workerPort!: number;
  /** Bearer key of the /admin routes; null: those routes do not exist. */
  readonly adminApiKey!: string | null;
  /** How long a stopping API lets requests in flight finish. */
  readonly shutdownTimeoutMs!: number;
  readonly syncIntervalSeconds!: number;
  /** How long `npm run sync` waits for a run another process holds. */
  readonly syncLockWaitSeconds!: number;
  /** Providers one worker syncs at the same time. */
  readonly syncConcurrency!: number;
  /** 0 disables the query cache. */
  readonly cacheTtlSeconds!: number;
  readonly logLevel!: LogLevel;
  readonly logFormat!: LogFormat;
  /** /health/ready fails when a provider's last successful sync is older than this. */
  readonly syncStaleAfterSeconds!: number;
  /** Address the API listens on. */
  readonly host!: string;
  /** Serve Swagger UI at /docs and the OpenAPI document at /openapi.json. */
  readonly docsEnabled!: boolean;
  /** Origins allowed by CORS; empty: no CORS headers at all. */
  readonly corsOrigins!: string[];
  readonly trustProxy!: TrustProxy;
  /** Requests per minute per client address and route; 0 switches the limit off. */
  readonly rateLimitPerMinute!: number;
  /** Most events one GET /search answer carries; a window holding more is refused with a 400. */
  readonly searchMaxEvents!: number;
  /** PostgreSQL's statement_timeout for the API's searches. */
  readonly searchStatementTimeoutMs!: number;
  /** Searches without pages (GET /search) that may read the database at once; the others wait their turn. */
  readonly searchMaxConcurrent!: number;
  readonly dataDir!: string;
  readonly embeddedDatabasePort!: number;
}

/**
 * Reads and checks every setting once, at boot (`.env` included, see processEnv); bad values stop
 * the app with one message naming each bad variable.
 */
export function loadConfig(env: Env = processEnv()): AppConfig {
  const read = new EnvReader(env);
  const syncIntervalSeconds = read.integer('SYNC_INTERVAL_SECONDS', 30, 1, 86_400);
  const databaseUrl = read.urlOrUnset('DATABASE_URL', ['postgres:', 'postgresql:'], 'the embedded PostgreSQL');
  return read.settings(
    Object.assign(new AppConfig(), {
      databaseUrl,
      databaseReadUrl: databaseReadUrl(read, databaseUrl),
      databaseConnectTimeoutSeconds: read.integer('DATABASE_CONNECT_TIMEOUT_SECONDS', 30, 0, 3_600),
      redisUrl: read.urlOrUnset('REDIS_URL', ['redis:', 'rediss:'], 'the in-process cache'),
      providers: providerSettings(read),
      providerTimeoutMs: read.integer('PROVIDER_TIMEOUT_MS', 10_000, 100, 600_000),
      providerMaxDurationMs: read.integer('PROVIDER_MAX_DURATION_MS', 600_000, 1_000, 86_400_000),
      port: read.integer('PORT', 3000, 1, 65_535),
      workerPort: read.integer('WORKER_PORT', 3002, 0, 65_535),
      adminApiKey: read.optional('ADMIN_API_KEY'),
      shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
      syncIntervalSeconds,
      syncLockWaitSeconds: read.integer('SYNC_LOCK_WAIT_SECONDS', 60, 0, 86_400),
      syncConcurrency: read.integer('SYNC_CONCURRENCY', 2, 1, 64),
      cacheTtlSeconds: read.integer('CACHE_TTL_SECONDS', 60, 0, 86_400),
      logLevel: read.oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info'),
      logFormat: read.oneOf<LogFormat>('LOG_FORMAT', LOG_FORMATS, process.stdout.isTTY ? 'pretty' : 'json'),
      syncStaleAfterSeconds: read.integer('SYNC_STALE_AFTER_SECONDS', 10 * syncIntervalSeconds, 1, 10 * 86_400),
      host: read.optional('HOST') ?? '0.0.0.0',
      docsEnabled: read.flag('DOCS_ENABLED', true),
      corsOrigins: read.origins('CORS_ORIGINS'),
      trustProxy: read.trustProxy('TRUST_PROXY'),
      rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 0, 0, 10_000_000),
      searchMaxEvents: read.integer('SEARCH_MAX_EVENTS', 10_000, 1, 1_000_000),
      searchStatementTimeoutMs: read.integer('SEARCH_STATEMENT_TIMEOUT_MS', 5_000, 100, 600_000),
      searchMaxConcurrent: read.integer('SEARCH_MAX_CONCURRENT', 2, 1, 64),
      dataDir: read.optional('DATA_DIR') ?? '.data',
      embeddedDatabasePort: read.integer('EMBEDDED_DATABASE_PORT', 54_329, 1, 65_535),
    }),
  );
}

/** A replica serves a primary: the embedded PostgreSQL has none. */
function databaseReadUrl(read: EnvReader, databaseUrl: string | null): string | null {
  const readUrl = read.urlOrUnset('DATABASE_READ_URL', ['postgres:', 'postgresql:'], 'the primary for reads as well');
  if (readUrl === null || databaseUrl !== null) return readUrl;
  return read.problem('DATABASE_READ_URL', 'is set without DATABASE_URL: a read replica needs its primary', null);
}
