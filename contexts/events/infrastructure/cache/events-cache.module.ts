import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { CacheStore } from '@shared/cache/cache-store';
import { RedisCacheStore } from '@shared/cache/redis-cache.store';
import { AppConfig } from '@shared/config/app-config';

/**
 * The store the API replicas share their search cache in: Redis when REDIS_URL is set, otherwise
 * none (null), and results are kept in this process only, as objects (see CachingEventRepository).
 * Kept apart from the infrastructure module so that only the API (not the worker) opens a Redis connection.
 */
@Module({
  providers: [
    {
      provide: CacheStore,
      useFactory: (config: AppConfig): CacheStore | null =>
        // With the cache switched off nothing reads the store, so there is no point connecting to Redis.
        config.redisUrl && config.cacheTtlSeconds > 0 ? RedisCacheStore.connect(config.redisUrl, new Logger(RedisCacheStore.name)) : null,
      inject: [AppConfig],
    },
  ],
  exports: [CacheStore],
})
export class EventsCacheModule implements OnApplicationShutdown {
  // Named: a union type leaves Nest no class to resolve the parameter by.
  constructor(@Inject(CacheStore) private readonly store: CacheStore | null) {}

  /** After the HTTP server has drained, so no request is still using the store. */
  async onApplicationShutdown(): Promise<void> {
    await this.store?.close();
  }
}
