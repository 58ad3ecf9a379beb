import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '@shared/config/app-config';
import { SyncReport } from '../../application/sync-provider-events/sync-report';
import { SyncProvidersUseCase } from '../../application/sync-providers/sync-providers.use-case';
import { syncSummary } from '../../application/sync-provider-events/sync-summary';

const INTERVAL_NAME = 'sync-provider-events';

/**
 * Every SYNC_INTERVAL_SECONDS, syncs each provider that is due and free. Ticks never overlap in this
 * process (a tick that finds one in flight is skipped); across workers each provider's lock decides,
 * and a provider another worker synced less than an interval ago is not due yet, so N workers sync
 * each provider about once per interval between them.
 */
@Injectable()
export class SyncEventsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncEventsScheduler.name);
  private inFlight: Promise<SyncReport[] | null> | null = null;

  constructor(
    private readonly sync: SyncProvidersUseCase,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The interval comes from configuration, so it is registered here rather than by decorator.
    this.registry.addInterval(INTERVAL_NAME, setInterval(() => void this.trigger(), this.config.syncIntervalSeconds * 1000));
    void this.trigger();
  }

  /** Returns one report per provider, or null when a tick was already in flight. */
  trigger(): Promise<SyncReport[] | null> {
    if (this.inFlight) return Promise.resolve(null);
    this.inFlight = this.runOnce().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** SIGTERM: stop ticking, then let the run in flight commit or roll back before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.inFlight;
  }

  private async runOnce(): Promise<SyncReport[]> {
    // A little under the interval, so this worker's own next tick, however late, still finds it due.
    const dueAfterMs = this.config.syncIntervalSeconds * 900;
    const reports = await this.sync.execute({ whenBusy: 'skip', dueAfterMs });
    for (const report of reports) {
      if (report.outcome === 'failed') this.logger.error(syncSummary(report));
      else if (report.runId === null) this.logger.debug(syncSummary(report));
      else this.logger.log(syncSummary(report));
    }
    return reports;
  }
}
