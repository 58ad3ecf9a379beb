import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { SyncReport } from '../../application/sync-provider-events/sync-report';
import { syncSummary } from '../../application/sync-provider-events/sync-summary';

const INTERVAL_NAME = 'sync-provider-events';

/**
 * Triggers a sync every SYNC_INTERVAL_SECONDS. Runs never overlap in this process (a tick that
 * finds a run in flight is skipped); across replicas the store's advisory lock decides.
 */
@Injectable()
export class SyncEventsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncEventsScheduler.name);
  private inFlight: Promise<SyncReport | null> | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly sync: SyncProviderEventsUseCase,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The interval comes from configuration, so it is registered here rather than by decorator.
    this.registry.addInterval(INTERVAL_NAME, setInterval(() => void this.trigger(), this.config.syncIntervalSeconds * 1000));
    void this.trigger();
  }

  /** Returns the run's report, or null when a run was already in flight (or the run could not be recorded). */
  trigger(): Promise<SyncReport | null> {
    if (this.inFlight || this.stopping.signal.aborted) return Promise.resolve(null);
    this.inFlight = this.runOnce().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /**
   * SIGTERM: stop ticking, abort the run in flight (its provider request included, so a stalled
   * provider cannot hold the stop up) and wait for it to roll back before the store closes.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    this.stopping.abort(new Error(`the worker is stopping${signal ? ` (${signal})` : ''}: run rolled back`));
    await this.inFlight;
  }

  private async runOnce(): Promise<SyncReport | null> {
    try {
      const report = await this.sync.execute(this.stopping.signal);
      if (report.outcome === 'failed') this.logger.error(syncSummary(report));
      else this.logger.log(syncSummary(report));
      return report;
    } catch (error) {
      this.logger.error(`sync could not run: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
