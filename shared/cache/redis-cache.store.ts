import { Cache, createCache } from 'cache-manager';
// cache-manager-redis-yet is unmaintained. Everything else talks to the CacheStore port, so moving
// to @keyv/redis (or a bare redis client) means rewriting this one file.
import { redisInsStore } from 'cache-manager-redis-yet';
import { RedisClientType, createClient } from 'redis';
import { withinTimeout } from '../async/within-timeout';
import { redisClientOptions } from '../redis/redis-client-options';
import { LogPort } from '@shared/logging/log-port';
import { CacheStore } from './cache-store';

export interface RedisCacheStoreOptions {
  /**
   * Longest a single get/set may take before it counts as failed. Long enough not to trip on
   * event-loop lag under load, short enough that a dead or stalled Redis costs a request little.
   */
  operationTimeoutMs: number;
  /** Longest wait between two reconnection attempts while Redis is down. */
  maxReconnectDelayMs: number;
}

const DEFAULTS: RedisCacheStoreOptions = { operationTimeoutMs: 100, maxReconnectDelayMs: 2_000 };

/** A cache shared by every API replica. Redis being down makes operations fail fast, never hang. */
export class RedisCacheStore extends CacheStore {
  private constructor(
    private readonly client: RedisClientType,
    private readonly cache: Cache,
    private readonly options: RedisCacheStoreOptions,
  ) {
    super();
  }

  /**
   * Returns at once and connects in the background, retrying for as long as the store is open,
   * so the API boots and serves (from the database) while Redis is unreachable.
   * Not `redisStore()` from the same package: it awaits the first connection and leaves the
   * client's 'error' event unhandled, which would block the boot or crash the process.
   */
  static connect(url: string, logger: LogPort, options: Partial<RedisCacheStoreOptions> = {}): RedisCacheStore {
    const settings = { ...DEFAULTS, ...options };
    const client = createClient(redisClientOptions(url, settings.maxReconnectDelayMs)) as RedisClientType;
    RedisCacheStore.logOutages(client, url, logger);
    client.connect().catch(() => undefined); // failures surface as 'error' events, handled below
    const cache = createCache(redisInsStore(client));
    return new RedisCacheStore(client, cache, settings);
  }

  /** One line when Redis goes away and one when it is back, however many retries in between. */
  private static logOutages(client: RedisClientType, url: string, logger: LogPort): void {
    const where = new URL(url).host;
    let down = false;
    client.on('error', (error: Error) => {
      if (down) return;
      down = true;
      logger.warn(`Redis at ${where} is unavailable (${error.message}); retrying in the background`);
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      logger.log(`Redis at ${where} is available again`);
    });
  }

  async get(key: string): Promise<string | undefined> {
    return withinTimeout(this.cache.get<string>(key), this.options.operationTimeoutMs, 'Redis get');
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    return withinTimeout(this.cache.set(key, value, ttlSeconds * 1000), this.options.operationTimeoutMs, 'Redis set');
  }

  async ping(): Promise<void> {
    await withinTimeout(this.client.ping(), this.options.operationTimeoutMs, 'Redis ping');
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.disconnect();
  }
}
