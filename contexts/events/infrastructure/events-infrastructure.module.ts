import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '@shared/config/app-config';
import { DataVersion } from '../domain/data-version';
import { EventRepository } from '../domain/event.repository';
import { EventSyncStore } from '../domain/event-sync-store';
import { ProviderCallObserver } from '../domain/provider-call.observer';
import { ProviderCatalog } from '../domain/provider-catalog';
import { SyncRequests } from '../domain/sync-requests';
import { SyncRunRepository } from '../domain/sync-run.repository';
import { EventsDatabase } from './persistence/events-database';
import { DATA_VERSION_READ_TIMEOUT_MS, PostgresDataVersion } from './persistence/postgres-data-version';
import { TypeOrmEventRepository } from './persistence/typeorm/typeorm-event.repository';
import { TypeOrmEventSyncStore } from './persistence/typeorm/typeorm-event-sync.store';
import { TypeOrmSyncRequests } from './persistence/typeorm/typeorm-sync-requests';
import { TypeOrmSyncRunRepository } from './persistence/typeorm/typeorm-sync-run.repository';
import { ConfiguredProviderCatalog } from './provider/configured-provider.catalog';

/** The one place where the events context's ports are bound to their adapters. */
@Module({
  providers: [
    {
      provide: EventsDatabase,
      useFactory: (config: AppConfig) => EventsDatabase.open(config, 'events'),
      inject: [AppConfig],
    },
    {
      provide: EventRepository,
      useFactory: (db: EventsDatabase) => new TypeOrmEventRepository(db.dataSource.manager),
      inject: [EventsDatabase],
    },
    {
      provide: SyncRunRepository,
      useFactory: (db: EventsDatabase) => new TypeOrmSyncRunRepository(db.dataSource.manager),
      inject: [EventsDatabase],
    },
    {
      provide: SyncRequests,
      useFactory: (db: EventsDatabase) => new TypeOrmSyncRequests(db.dataSource.manager),
      inject: [EventsDatabase],
    },
    {
      provide: EventSyncStore,
      useFactory: (db: EventsDatabase, config: AppConfig) =>
        new TypeOrmEventSyncStore(db.dataSource, {
          lockWaitMs: config.syncLockWaitSeconds * 1000,
          // A live run's transaction idles only while it waits on the provider (each silence is
          // bounded by PROVIDER_TIMEOUT_MS) or on parsing the next batch; a frozen one is cut after this.
          idleInTransactionTimeoutMs: config.databaseUrl === null ? 0 : 60_000 + 2 * config.providerTimeoutMs,
        }),
      inject: [EventsDatabase, AppConfig],
    },
    {
      provide: DataVersion,
      useFactory: (db: EventsDatabase, config: AppConfig) =>
        new PostgresDataVersion(db.endpoint.url, {
          readTimeoutMs: config.databaseUrl === null ? undefined : DATA_VERSION_READ_TIMEOUT_MS,
          logger: new Logger(PostgresDataVersion.name),
        }),
      inject: [EventsDatabase, AppConfig],
    },
    {
      provide: ProviderCatalog,
      useFactory: (config: AppConfig, observer?: ProviderCallObserver) =>
        new ConfiguredProviderCatalog(config.providers, {
          timeoutMs: config.providerTimeoutMs,
          maxDurationMs: config.providerMaxDurationMs,
          observer,
        }),
      // Observed (metrics) in the apps that sync: those import EventsMetricsModule.
      inject: [AppConfig, { token: ProviderCallObserver, optional: true }],
    },
  ],
  exports: [EventsDatabase, EventRepository, SyncRunRepository, SyncRequests, EventSyncStore, DataVersion, ProviderCatalog],
})
export class EventsInfrastructureModule {}
