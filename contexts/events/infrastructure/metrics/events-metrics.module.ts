import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ProviderCallObserver } from '../../domain/provider-call.observer';
import { SyncRunObserver } from '../../domain/sync-run.observer';
import { EventsInfrastructureModule } from '../events-infrastructure.module';
import { LastSuccessfulSyncRestorer } from './last-successful-sync.restorer';
import { PrometheusSyncObserver } from './prometheus-sync.observer';

/**
 * The sync and provider metrics, for the processes that sync (the worker, `npm run sync`); needs
 * the app's MetricsModule registry. Global so the infrastructure module hands the observer to the
 * provider it builds, while an app without this module (the API) builds the provider unobserved.
 */
@Global()
@Module({
  imports: [EventsInfrastructureModule],
  providers: [
    { provide: PrometheusSyncObserver, useFactory: (registry: Registry) => new PrometheusSyncObserver(registry), inject: [Registry] },
    { provide: SyncRunObserver, useExisting: PrometheusSyncObserver },
    { provide: ProviderCallObserver, useExisting: PrometheusSyncObserver },
    LastSuccessfulSyncRestorer,
  ],
  exports: [SyncRunObserver, ProviderCallObserver],
})
export class EventsMetricsModule {}
