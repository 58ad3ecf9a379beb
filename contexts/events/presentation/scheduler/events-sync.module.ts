import { Logger, Module } from '@nestjs/common';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { EventSyncStore } from '../../domain/event-sync-store';
import { EventsProvider } from '../../domain/events-provider';
import { SyncRunObserver } from '../../domain/sync-run.observer';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';

/** The sync use case, built from the ports the infrastructure module binds; needs EventsMetricsModule from the app. */
@Module({
  imports: [EventsInfrastructureModule],
  providers: [
    {
      provide: SyncProviderEventsUseCase,
      useFactory: (provider: EventsProvider, store: EventSyncStore, runs: SyncRunRepository, observer: SyncRunObserver) =>
        new SyncProviderEventsUseCase(provider, store, runs, new Logger(SyncProviderEventsUseCase.name), observer),
      inject: [EventsProvider, EventSyncStore, SyncRunRepository, SyncRunObserver],
    },
  ],
  exports: [SyncProviderEventsUseCase],
})
export class EventsSyncModule {}
