import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@shared/config/app-config';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { PrometheusSyncObserver } from './prometheus-sync.observer';

/**
 * Sets events_last_successful_sync_timestamp_seconds from sync_runs at start, so a restarted
 * worker reports when each provider last synced before its own first run ends.
 */
@Injectable()
export class LastSuccessfulSyncRestorer implements OnApplicationBootstrap {
  private readonly logger = new Logger(LastSuccessfulSyncRestorer.name);

  constructor(
    private readonly metrics: PrometheusSyncObserver,
    private readonly runs: SyncRunRepository,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { name: provider } of this.config.providers) {
      try {
        const at = await this.runs.lastSucceededAt(provider);
        if (at) this.metrics.succeededAt(provider, at);
      } catch (error) {
        // The next successful run sets it anyway; a slow database must not stop the worker starting.
        this.logger.warn(`cannot read the last successful sync of ${provider}: ${(error as Error).message}`);
      }
    }
  }
}
