import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { AppConfig } from '@shared/config/app-config';
import { ProviderCallObserver } from '../../domain/provider-call.observer';
import { SyncRunObserver } from '../../domain/sync-run.observer';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { EventsInfrastructureModule } from '../events-infrastructure.module';
import { lastSuccessReader } from './last-successful-sync.reader';
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
    {
      provide: PrometheusSyncObserver,
      useFactory: (registry: Registry, runs: SyncRunRepository, config: AppConfig) =>
        new PrometheusSyncObserver(registry, lastSuccessReader(runs, config.providers.map((provider) => provider.name))),
      inject: [Registry, SyncRunRepository, AppConfig],
    },
    { provide: SyncRunObserver, useExisting: PrometheusSyncObserver },
    { provide: ProviderCallObserver, useExisting: PrometheusSyncObserver },
  ],
  exports: [SyncRunObserver, ProviderCallObserver],
})
export class EventsMetricsModule {}
