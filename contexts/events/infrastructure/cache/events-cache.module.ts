import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { CacheStore } from '@shared/cache/cache-store';
import { MemoryCacheStore } from '@shared/cache/memory-cache.store';
import { RedisCacheStore } from '@shared/cache/redis-cache.store';
import { AppConfig } from '@shared/config/app-config';
import { DataVersion } from '../../domain/data-version';
import { EventsInfrastructureModule } from '../events-infrastructure.module';
import { CachedSearchResponses } from './cached-search-responses';

/** After a failure, requests skip the store this long, so a stalled Redis costs one timeout a second, not one per request. */
const RETRY_STORE_AFTER_MS = 1_000;

/**
 * The search read-through and the store behind it, chosen by config. Kept apart from the
 * infrastructure module so that only the API (not the worker) opens a Redis connection.
 * Needs DataVersion, which the infrastructure module binds.
 */
@Module({
  imports: [EventsInfrastructureModule],
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
    {
      provide: CachedSearchResponses,
      useFactory: (store: CacheStore, version: DataVersion, config: AppConfig) =>
        new CachedSearchResponses(
          store,
          version,
          { ttlSeconds: config.cacheTtlSeconds, retryAfterMs: RETRY_STORE_AFTER_MS },
          new Logger(CachedSearchResponses.name),
        ),
      inject: [CacheStore, DataVersion, AppConfig],
    },
  ],
  exports: [CacheStore, CachedSearchResponses],
})
export class EventsCacheModule implements OnApplicationShutdown {
  constructor(private readonly store: CacheStore) {}

  /** After the HTTP server has drained, so no request is still using the store. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
