import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { SyncProvidersUseCase } from '../../application/sync-providers/sync-providers.use-case';
import { EventSyncStore } from '../../domain/event-sync-store';
import { ProviderCatalog } from '../../domain/provider-catalog';
import { SyncRunObserver } from '../../domain/sync-run.observer';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';

/**
 * The sync use cases, one per configured provider, built from the ports the infrastructure module
 * binds; the app brings EventsMetricsModule, which watches them.
 */
@Module({
  imports: [EventsInfrastructureModule],
  providers: [
    {
      provide: SyncProvidersUseCase,
      useFactory: (catalog: ProviderCatalog, store: EventSyncStore, runs: SyncRunRepository, config: AppConfig, observer: SyncRunObserver) =>
        new SyncProvidersUseCase(
          catalog.providers.map(
            (provider) => new SyncProviderEventsUseCase(provider, store, runs, new Logger(`sync ${provider.name}`), observer),
          ),
          config.syncConcurrency,
        ),
      inject: [ProviderCatalog, EventSyncStore, SyncRunRepository, AppConfig, SyncRunObserver],
    },
  ],
  exports: [SyncProvidersUseCase],
})
export class EventsSyncModule {}
