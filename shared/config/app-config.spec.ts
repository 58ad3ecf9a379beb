import { loadConfig } from './app-config';
import { ConfigError } from './config-error';

describe('loadConfig', () => {
  it('falls back to embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      redisUrl: null,
      port: 3000,
      providerTimeoutMs: 10_000,
      syncIntervalSeconds: 30,
      syncConcurrency: 2,
      cacheTtlSeconds: 60,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/events',
      REDIS_URL: 'redis://cache:6379',
      PROVIDER_URL: 'https://provider.example',
      PROVIDER_TIMEOUT_MS: '2500',
      PORT: '8080',
      SYNC_INTERVAL_SECONDS: '15',
      SYNC_CONCURRENCY: '4',
      CACHE_TTL_SECONDS: '0',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/events',
      redisUrl: 'redis://cache:6379',
      providers: [{ name: 'default', feedUrl: 'https://provider.example/api/events', format: 'xml' }],
      providerTimeoutMs: 2500,
      port: 8080,
      syncIntervalSeconds: 15,
      syncConcurrency: 4,
      cacheTtlSeconds: 0,
      logLevel: 'debug',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 1 to 65535, got "abc"/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['CACHE_TTL_SECONDS', '-1', /CACHE_TTL_SECONDS must be a whole number from 0/],
    ['SYNC_INTERVAL_SECONDS', '0', /SYNC_INTERVAL_SECONDS must be a whole number from 1/],
    ['PROVIDER_TIMEOUT_MS', '1.5', /PROVIDER_TIMEOUT_MS/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL must use postgres: or postgresql:/],
    ['REDIS_URL', 'http://cache', /REDIS_URL must use redis: or rediss:/],
    ['PROVIDER_URL', 'ftp://x', /PROVIDER_URL must use http: or https:/],
    ['SYNC_CONCURRENCY', '0', /SYNC_CONCURRENCY must be a whole number from 1/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('rejects %s=%p naming the variable and the problem', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
