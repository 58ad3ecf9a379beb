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
      providerMaxDurationMs: 600_000,
      databaseConnectTimeoutSeconds: 30,
      shutdownTimeoutMs: 10_000,
      syncIntervalSeconds: 30,
      syncLockWaitSeconds: 60,
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
      PROVIDER_MAX_DURATION_MS: '90000',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '5',
      SHUTDOWN_TIMEOUT_MS: '2000',
      SYNC_LOCK_WAIT_SECONDS: '0',
      PORT: '8080',
      WORKER_PORT: '9002',
      ADMIN_API_KEY: 's3cret-key',
      SYNC_INTERVAL_SECONDS: '15',
      SYNC_CONCURRENCY: '4',
      CACHE_TTL_SECONDS: '0',
      LOG_LEVEL: 'DEBUG',
      LOG_FORMAT: 'pretty',
      SYNC_STALE_AFTER_SECONDS: '90',
      HOST: '127.0.0.1',
      DOCS_ENABLED: 'false',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/events',
      redisUrl: 'redis://cache:6379',
      providers: [{ name: 'default', feedUrl: 'https://provider.example/api/events', format: 'xml' }],
      providerTimeoutMs: 2500,
      providerMaxDurationMs: 90_000,
      databaseConnectTimeoutSeconds: 5,
      shutdownTimeoutMs: 2000,
      syncLockWaitSeconds: 0,
      port: 8080,
      workerPort: 9002,
      adminApiKey: 's3cret-key',
      syncIntervalSeconds: 15,
      syncConcurrency: 4,
      cacheTtlSeconds: 0,
      logLevel: 'debug',
      logFormat: 'pretty',
      syncStaleAfterSeconds: 90,
      host: '127.0.0.1',
      docsEnabled: false,
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
    });
  });

  it('defaults SYNC_STALE_AFTER_SECONDS to ten sync intervals, and serves docs without CORS', () => {
    expect(loadConfig({ SYNC_INTERVAL_SECONDS: '15' })).toMatchObject({
      syncStaleAfterSeconds: 150,
      host: '0.0.0.0',
      docsEnabled: true,
      corsOrigins: [],
      trustProxy: false,
    });
  });

  it.each([
    ['true', true],
    ['2', 2],
    ['loopback, 10.0.0.0/8, ::1', ['loopback', '10.0.0.0/8', '::1']],
  ])('reads TRUST_PROXY=%p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('hides the password of a bad URL in its message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:port/x' })).toThrow(/DATABASE_URL must be a URL.*app:\*\*\*@db:port\/x"$/);
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
    ['SYNC_CONCURRENCY', '0', /SYNC_CONCURRENCY must be a whole number from 1/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['LOG_FORMAT', 'xml', /LOG_FORMAT must be one of json, pretty/],
    ['DOCS_ENABLED', 'maybe', /DOCS_ENABLED must be true or false/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY must be true, false, a number of hops or comma-separated proxy addresses or CIDRs.*got "maybe"/],
    ['TRUST_PROXY', '10.0.0.0/33,loopback', /TRUST_PROXY must be .*got "10.0.0.0\/33"/],
    ['CORS_ORIGINS', 'https://a.example/, not a url, https://b.example', /CORS_ORIGINS must be comma-separated origins .*got "https:\/\/a.example\/, not a url"/],
    ['CORS_ORIGINS', 'https://a.example/shop', /CORS_ORIGINS must be .*no path/],
    ['DATABASE_URL', '', /DATABASE_URL is set but empty: unset it to use the embedded PostgreSQL/],
    ['DATABASE_URL', '  ', /DATABASE_URL is set but empty/],
    ['REDIS_URL', '', /REDIS_URL is set but empty: unset it to use the in-process cache/],
    ['PROVIDER_MAX_DURATION_MS', 'ten minutes', /PROVIDER_MAX_DURATION_MS must be a whole number/],
    ['DATABASE_CONNECT_TIMEOUT_SECONDS', '-3', /DATABASE_CONNECT_TIMEOUT_SECONDS must be a whole number from 0/],
    ['SHUTDOWN_TIMEOUT_MS', '5s', /SHUTDOWN_TIMEOUT_MS must be a whole number/],
    ['SYNC_LOCK_WAIT_SECONDS', 'forever', /SYNC_LOCK_WAIT_SECONDS must be a whole number/],
  ])('rejects %s=%p naming the variable and the problem', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads DATABASE_READ_URL, a replica of DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@primary/events', DATABASE_READ_URL: 'postgres://u@replica/events' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@primary/events', databaseReadUrl: 'postgres://u@replica/events' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@primary/events' }).databaseReadUrl).toBeNull();
  });

  it.each([
    [{ DATABASE_READ_URL: 'postgres://u@replica/events' }, /DATABASE_READ_URL is set without DATABASE_URL: a read replica needs its primary/],
    [{ DATABASE_URL: 'postgres://u@primary/events', DATABASE_READ_URL: 'redis://replica' }, /DATABASE_READ_URL must use postgres: or postgresql:/],
  ])('rejects a read replica %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reports every bad variable in one error', () => {
    const load = () => loadConfig({ PORT: 'abc', DATABASE_URL: '', LOG_LEVEL: 'loud', CACHE_TTL_SECONDS: '10' });

    expect(load).toThrow(/3 problems/);
    expect(load).toThrow(/PORT must be a whole number/);
    expect(load).toThrow(/DATABASE_URL is set but empty/);
    expect(load).toThrow(/LOG_LEVEL must be one of/);
  });

  it('keeps the password of a bad connection string out of the message', () => {
    const load = () => loadConfig({ DATABASE_URL: 'postgres://events:s3cr3t@db:port/events' });

    expect(load).toThrow(/DATABASE_URL must be a URL .*got "postgres:\/\/events:\*\*\*@db:port\/events"/);
    expect(load).not.toThrow(/s3cr3t/);
  });
});
