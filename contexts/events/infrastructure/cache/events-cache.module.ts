import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { CacheStore } from '@shared/cache/cache-store';
import { MemoryCacheStore } from '@shared/cache/memory-cache.store';
import { RedisCacheStore } from '@shared/cache/redis-cache.store';
import { AppConfig } from '@shared/config/app-config';
import { DataVersion } from '../../domain/data-version';
import { EventRepository } from '../../domain/event.repository';
import { EventsInfrastructureModule } from '../events-infrastructure.module';
import { EventsDatabase } from '../persistence/events-database';
import { ReplicaDataVersion } from '../persistence/replica-data-version';
import { SearchMetrics } from '../metrics/search-metrics';
import { CachingEventRepository } from './caching-event.repository';

/** After a failure, searches skip the store this long, so a stalled Redis costs one timeout a second, not one per request. */
const RETRY_STORE_AFTER_MS = 1_000;
/** Hot results kept in this process in front of Redis. */
const LOCAL_ENTRIES_IN_FRONT_OF_REDIS = 1_000;

/**
 * The cached search (CachingEventRepository) and the store behind it, chosen by config. Kept apart
 * from the infrastructure module so that only the API (not the worker) opens a Redis connection.
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
    { provide: SearchMetrics, useFactory: (registry: Registry) => new SearchMetrics(registry), inject: [Registry] },
    {
      provide: CachingEventRepository,
      useFactory: (
        events: EventRepository,
        store: CacheStore,
        version: DataVersion,
        metrics: SearchMetrics,
        config: AppConfig,
        database: EventsDatabase,
      ) =>
        new CachingEventRepository(
          events,
          store,
          version,
          {
            ttlSeconds: config.cacheTtlSeconds,
            retryAfterMs: RETRY_STORE_AFTER_MS,
            // The memory store is already in this process: a second level there would hold every result twice.
            localEntries: store instanceof RedisCacheStore ? LOCAL_ENTRIES_IN_FRONT_OF_REDIS : 0,
            replicaVersion: config.databaseReadUrl ? new ReplicaDataVersion(database.dataSource) : undefined,
          },
          metrics,
          new Logger(CachingEventRepository.name),
        ),
      inject: [EventRepository, CacheStore, DataVersion, SearchMetrics, AppConfig, EventsDatabase],
    },
  ],
  exports: [CacheStore, CachingEventRepository],
})
export class EventsCacheModule implements OnApplicationShutdown {
  constructor(private readonly store: CacheStore) {}

  /** After the HTTP server has drained, so no request is still using the store. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
