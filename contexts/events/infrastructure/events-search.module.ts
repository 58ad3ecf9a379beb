import { Logger, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { CacheStore } from '@shared/cache/cache-store';
import { AppConfig } from '@shared/config/app-config';
import { DataVersion } from '../domain/data-version';
import { CachingEventRepository } from './cache/caching-event.repository';
import { localEventsBudget } from './cache/local-events-budget';
import { EventsCacheModule } from './cache/events-cache.module';
import { EventsInfrastructureModule } from './events-infrastructure.module';
import { SearchMetrics } from './metrics/search-metrics';
import { BoundedSearchEventRepository } from './persistence/bounded-search.event-repository';
import { EventsDatabase } from './persistence/events-database';
import { ReplicaDataVersion } from './persistence/replica-data-version';
import { SearchDatabase } from './persistence/search-database';
import { TypeOrmEventRepository } from './persistence/typeorm/typeorm-event.repository';

/** After a failure, searches skip the store this long, so a stalled Redis costs one timeout a second, not one per request. */
const RETRY_STORE_AFTER_MS = 1_000;
/** Hot results kept in this process in front of Redis, counted in events (fewer on a small heap: localEventsBudget). */
const LOCAL_EVENTS_IN_FRONT_OF_REDIS = 200_000;
/**
 * Without Redis, every result this process keeps, counted in events: a month's /search is ~740
 * events and ~150 KB (its JSON, and its rendered body beside it), so ~40 MB at the most.
 */
const LOCAL_EVENTS_ALONE = 100_000;
/** Searches without pages waiting for a turn beyond SEARCH_MAX_CONCURRENT, before new ones are refused (503). */
const MAX_WAITING_SEARCHES = 256;

/**
 * The API's reads of events, outermost first: the cache (CachingEventRepository), the bound on
 * large searches at once (BoundedSearchEventRepository), and PostgreSQL (the read replica when
 * DATABASE_READ_URL is set) through a pool whose statements time out (SearchDatabase). Exported as CachingEventRepository, the one to use,
 * and SearchDatabase, for the API's other requests that read or write the store.
 */
@Module({
  imports: [EventsInfrastructureModule, EventsCacheModule],
  providers: [
    {
      provide: SearchDatabase,
      useFactory: (db: EventsDatabase, config: AppConfig) =>
        SearchDatabase.open(db, {
          readUrl: config.databaseReadUrl,
          statementTimeoutMs: config.databaseUrl === null ? null : config.searchStatementTimeoutMs,
        }),
      inject: [EventsDatabase, AppConfig],
    },
    { provide: SearchMetrics, useFactory: (registry: Registry) => new SearchMetrics(registry), inject: [Registry] },
    {
      provide: CachingEventRepository,
      useFactory: (
        search: SearchDatabase,
        store: CacheStore | null,
        version: DataVersion,
        metrics: SearchMetrics,
        config: AppConfig,
        primary: EventsDatabase,
      ) => {
        const database = new TypeOrmEventRepository(search.dataSource.manager);
        const bounded = new BoundedSearchEventRepository(database, { maxConcurrent: config.searchMaxConcurrent, maxWaiting: MAX_WAITING_SEARCHES });
        return new CachingEventRepository(
          bounded,
          store,
          version,
          {
            ttlSeconds: config.cacheTtlSeconds,
            retryAfterMs: RETRY_STORE_AFTER_MS,
            localEvents: localEventsBudget(store ? LOCAL_EVENTS_IN_FRONT_OF_REDIS : LOCAL_EVENTS_ALONE),
            replicaVersion: config.databaseReadUrl ? new ReplicaDataVersion(primary.dataSource) : undefined,
          },
          metrics,
          new Logger(CachingEventRepository.name),
        );
      },
      inject: [SearchDatabase, CacheStore, DataVersion, SearchMetrics, AppConfig, EventsDatabase],
    },
  ],
  exports: [CachingEventRepository, SearchDatabase],
})
export class EventsSearchModule {}
