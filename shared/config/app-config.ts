import { Env, flag, integer, list, oneOf, optional, url } from './env-values';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
/** json: one JSON object per line, for collectors; pretty: readable lines, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';
const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
/** Fastify's trustProxy: off, on (trust every hop), a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

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
  readonly syncIntervalSeconds!: number;
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
  readonly dataDir!: string;
  readonly embeddedDatabasePort!: number;
}

/** Reads and checks every setting once, at boot; a bad value stops the app with a message naming it. */
export function loadConfig(env: Env = process.env): AppConfig {
  const syncIntervalSeconds = integer(env, 'SYNC_INTERVAL_SECONDS', 30, 1, 86_400);
  return Object.assign(new AppConfig(), {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], null),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], null),
    providerUrl: url(env, 'PROVIDER_URL', ['http:', 'https:'], 'http://127.0.0.1:3001') as string,
    providerName: optional(env, 'PROVIDER_NAME') ?? 'default',
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 600_000),
    port: integer(env, 'PORT', 3000, 1, 65_535),
    syncIntervalSeconds,
    cacheTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 60, 0, 86_400),
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf<LogFormat>(env, 'LOG_FORMAT', LOG_FORMATS, process.stdout.isTTY ? 'pretty' : 'json'),
    syncStaleAfterSeconds: integer(env, 'SYNC_STALE_AFTER_SECONDS', 10 * syncIntervalSeconds, 1, 10 * 86_400),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    docsEnabled: flag(env, 'DOCS_ENABLED', true),
    corsOrigins: list(env, 'CORS_ORIGINS'),
    trustProxy: trustProxy(env),
    dataDir: optional(env, 'DATA_DIR') ?? '.data',
    embeddedDatabasePort: integer(env, 'EMBEDDED_DATABASE_PORT', 54_329, 1, 65_535),
  });
}

/** TRUST_PROXY: true/false, a number of hops, or a comma-separated list of proxy addresses or CIDRs. */
function trustProxy(env: Env): TrustProxy {
  const raw = optional(env, 'TRUST_PROXY');
  if (raw === null) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^(true|false|yes|no|on|off)$/i.test(raw)) return flag(env, 'TRUST_PROXY', false);
  return list(env, 'TRUST_PROXY');
}
