import { loadConfig } from './app-config';
import { ConfigError } from './config-error';

describe('loadConfig', () => {
  it('falls back to embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      redisUrl: null,
      port: 3000,
      workerPort: 3002,
      adminApiKey: null,
      providerTimeoutMs: 10_000,
      syncIntervalSeconds: 30,
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
      WORKER_PORT: '9002',
      ADMIN_API_KEY: 's3cret-key',
      SYNC_INTERVAL_SECONDS: '15',
      CACHE_TTL_SECONDS: '0',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/events',
      redisUrl: 'redis://cache:6379',
      providerUrl: 'https://provider.example',
      providerTimeoutMs: 2500,
      port: 8080,
      workerPort: 9002,
      adminApiKey: 's3cret-key',
      syncIntervalSeconds: 15,
      cacheTtlSeconds: 0,
      logLevel: 'debug',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 1 to 65535, got "abc"/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['WORKER_PORT', 'x', /WORKER_PORT must be a whole number from 0 to 65535/],
    ['CACHE_TTL_SECONDS', '-1', /CACHE_TTL_SECONDS must be a whole number from 0/],
    ['SYNC_INTERVAL_SECONDS', '0', /SYNC_INTERVAL_SECONDS must be a whole number from 1/],
    ['PROVIDER_TIMEOUT_MS', '1.5', /PROVIDER_TIMEOUT_MS/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL must use postgres: or postgresql:/],
    ['REDIS_URL', 'http://cache', /REDIS_URL must use redis: or rediss:/],
    ['PROVIDER_URL', 'ftp://x', /PROVIDER_URL must use http: or https:/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('rejects %s=%p naming the variable and the problem', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
