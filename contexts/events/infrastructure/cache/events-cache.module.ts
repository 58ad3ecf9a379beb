import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { CacheStore } from '@shared/cache/cache-store';
import { MemoryCacheStore } from '@shared/cache/memory-cache.store';
import { RedisCacheStore } from '@shared/cache/redis-cache.store';
import { AppConfig } from '@shared/config/app-config';

/**
 * The store behind the search cache, chosen by config. Kept apart from the infrastructure module
 * so that only the API (not the worker) opens a Redis connection.
 */
@Module({
  providers: [
    {
      provide: CacheStore,
      useFactory: (config: AppConfig): CacheStore =>
        // With the cache switched off nothing reads the store, so there is no point connecting to Redis.
        config.redisUrl && config.cacheTtlSeconds > 0
          ? RedisCacheStore.connect(config.redisUrl, new Logger(RedisCacheStore.name))
          : new MemoryCacheStore(),
      inject: [AppConfig],
    },
  ],
  exports: [CacheStore],
})
export class EventsCacheModule implements OnApplicationShutdown {
  constructor(private readonly store: CacheStore) {}

  /** After the HTTP server has drained, so no request is still using the store. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
