import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { SyncReport } from '../../application/sync-provider-events/sync-report';
import { syncSummary } from '../../application/sync-provider-events/sync-summary';
import { WhenBusy } from '../../domain/event-sync-store';
import { SyncRequests } from '../../domain/sync-requests';

const INTERVAL_NAME = 'sync-provider-events';
const REQUESTS_INTERVAL_NAME = 'sync-requests';
/** How often a worker looks for a manual sync request ("within seconds" of POST /admin/sync-runs). */
export const SYNC_REQUESTS_POLL_MS = 1_000;

/**
 * Triggers a sync every SYNC_INTERVAL_SECONDS, and whenever an operator requested one. Runs never
 * overlap in this process (a tick that finds a run in flight is skipped); across replicas the
 * store's advisory lock decides.
 */
@Injectable()
export class SyncEventsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncEventsScheduler.name);
  private inFlight: Promise<SyncReport | null> | null = null;
  private readonly stopping = new AbortController();
  private requestsFailing = false;

  constructor(
    private readonly sync: SyncProviderEventsUseCase,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly requests: SyncRequests,
  ) {}

  onApplicationBootstrap(): void {
    // The interval comes from configuration, so it is registered here rather than by decorator.
    this.registry.addInterval(INTERVAL_NAME, setInterval(() => void this.trigger(), this.config.syncIntervalSeconds * 1000));
    this.registry.addInterval(REQUESTS_INTERVAL_NAME, setInterval(() => void this.takeRequest(), SYNC_REQUESTS_POLL_MS));
    void this.trigger();
  }

  /** Returns the run's report, or null when a run was already in flight (or the run could not be recorded). */
  trigger(): Promise<SyncReport | null> {
    return this.exclusively(() => this.runOnce('skip'));
  }

  /**
   * Runs a sync if an operator asked for one. Only a worker with no run in flight claims the
   * request, and then waits for the store's lock should another worker hold it, so the request
   * always leads to a run that started after it.
   */
  takeRequest(): Promise<SyncReport | null> {
    return this.exclusively(async () => ((await this.claimRequest()) ? this.runOnce('wait') : null));
  }

  /**
   * SIGTERM: stop ticking, abort the run in flight (its provider request included, so a stalled
   * provider cannot hold the stop up) and wait for it to roll back before the store closes.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    for (const name of [INTERVAL_NAME, REQUESTS_INTERVAL_NAME]) {
      if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    }
    this.stopping.abort(new Error(`the worker is stopping${signal ? ` (${signal})` : ''}: run rolled back`));
    await this.inFlight;
  }

  private exclusively(work: () => Promise<SyncReport | null>): Promise<SyncReport | null> {
    if (this.inFlight || this.stopping.signal.aborted) return Promise.resolve(null);
    this.inFlight = work().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async claimRequest(): Promise<boolean> {
    try {
      const claimed = await this.requests.claim();
      if (this.requestsFailing) this.logger.log('sync requests: reading them again');
      this.requestsFailing = false;
      return claimed;
    } catch (error) {
      // Said once per outage, not every poll.
      if (!this.requestsFailing) this.logger.warn(`sync requests: cannot read them (${(error as Error).message}); retrying`);
      this.requestsFailing = true;
      return false;
    }
  }

  private async runOnce(whenBusy: WhenBusy): Promise<SyncReport | null> {
    try {
      const report = await this.sync.execute(this.stopping.signal, whenBusy);
      if (report.outcome === 'failed') this.logger.error(syncSummary(report));
      else this.logger.log(syncSummary(report));
      return report;
    } catch (error) {
      this.logger.error(`sync could not run: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
