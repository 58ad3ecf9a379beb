import { DynamicModule, Module } from '@nestjs/common';
import { CacheStore } from '@shared/cache/cache-store';
import { AppConfig } from '@shared/config/app-config';
import { CacheHealthIndicator } from '@shared/health/cache.health-indicator';
import { DatabaseHealthIndicator } from '@shared/health/database.health-indicator';
import { HealthModule } from '@shared/health/health.module';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { EventsCacheModule } from '../../infrastructure/cache/events-cache.module';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';
import { EventsDatabase } from '../../infrastructure/persistence/events-database';
import { SyncFreshnessHealthIndicator } from './sync-freshness.health-indicator';

/**
 * /health and /health/ready for an app of the events context: `database`, `cache` (only for an
 * app that has one) and `sync` (every provider's last successful sync is younger than
 * SYNC_STALE_AFTER_SECONDS).
 */
@Module({})
export class EventsHealthModule {
  static register(options: { withCache: boolean }): DynamicModule {
    return {
      module: EventsHealthModule,
      imports: [
        HealthModule.register({
          imports: [EventsInfrastructureModule, ...(options.withCache ? [EventsCacheModule] : [])],
          readiness: {
            inject: [EventsDatabase, SyncRunRepository, AppConfig, { token: CacheStore, optional: true }],
            useFactory: (db: EventsDatabase, runs: SyncRunRepository, config: AppConfig, store?: CacheStore | null) => [
              new DatabaseHealthIndicator(db.dataSource),
              ...(options.withCache ? [new CacheHealthIndicator(store ?? null)] : []),
              new SyncFreshnessHealthIndicator(runs, {
                providers: config.providers.map((provider) => provider.name),
                staleAfterSeconds: config.syncStaleAfterSeconds,
              }),
            ],
          },
        }),
      ],
    };
  }
}
