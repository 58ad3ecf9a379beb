import { ConfigError } from './config-error';

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
  readonly syncIntervalSeconds!: number;
  /** 0 disables the query cache. */
  readonly cacheTtlSeconds!: number;
  readonly logLevel!: LogLevel;
  readonly dataDir!: string;
  readonly embeddedDatabasePort!: number;
}

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function url(env: Env, name: string, protocols: string[], fallback: string | null): string | null {
  const value = optional(env, name) ?? fallback;
  if (value === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (e.g. ${protocols[0]}//host:port), got "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Reads and checks every setting once, at boot; a bad value stops the app with a message naming it. */
export function loadConfig(env: Env = process.env): AppConfig {
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return Object.assign(new AppConfig(), {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], null),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], null),
    providerUrl: url(env, 'PROVIDER_URL', ['http:', 'https:'], 'http://127.0.0.1:3001') as string,
    providerName: optional(env, 'PROVIDER_NAME') ?? 'default',
    providerTimeoutMs: integer(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 600_000),
    port: integer(env, 'PORT', 3000, 1, 65_535),
    syncIntervalSeconds: integer(env, 'SYNC_INTERVAL_SECONDS', 30, 1, 86_400),
    cacheTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 60, 0, 86_400),
    logLevel,
    dataDir: optional(env, 'DATA_DIR') ?? '.data',
    embeddedDatabasePort: integer(env, 'EMBEDDED_DATABASE_PORT', 54_329, 1, 65_535),
  });
}
