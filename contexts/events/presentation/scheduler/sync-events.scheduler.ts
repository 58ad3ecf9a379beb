import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '@shared/config/app-config';
import { SyncRequest } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { SyncReport } from '../../application/sync-provider-events/sync-report';
import { syncSummary } from '../../application/sync-provider-events/sync-summary';
import { SyncProvidersUseCase } from '../../application/sync-providers/sync-providers.use-case';
import { SyncRequests } from '../../domain/sync-requests';

const INTERVAL_NAME = 'sync-provider-events';
const REQUESTS_INTERVAL_NAME = 'sync-requests';
/** How often a worker looks for a manual sync request ("within seconds" of POST /admin/sync-runs). */
const SYNC_REQUESTS_POLL_MS = 1_000;

/**
 * Every SYNC_INTERVAL_SECONDS, syncs each provider that is due and free, and every provider whenever
 * an operator requested it. Ticks never overlap in this process (a tick that finds one in flight is
 * skipped); across workers each provider's lock decides, and a provider another worker synced less
 * than an interval ago is not due yet, so N workers sync each provider about once per interval.
 */
@Injectable()
export class SyncEventsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncEventsScheduler.name);
  private inFlight: Promise<SyncReport[] | null> | null = null;
  private readonly stopping = new AbortController();
  private requestsFailing = false;

  constructor(
    private readonly sync: SyncProvidersUseCase,
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

  /** Returns one report per provider, or null when a tick was already in flight. */
  trigger(): Promise<SyncReport[] | null> {
    // A little under the interval, so this worker's own next tick, however late, still finds it due.
    return this.exclusively(() => this.runOnce({ whenBusy: 'skip', dueAfterMs: this.config.syncIntervalSeconds * 900 }));
  }

  /**
   * Syncs every provider if an operator asked for it. Only a worker with no run in flight claims the
   * request, and then waits for each provider's lock should another worker hold it, so the request
   * always leads to runs that started after it.
   */
  takeRequest(): Promise<SyncReport[] | null> {
    return this.exclusively(async () => ((await this.claimRequest()) ? this.runOnce({ whenBusy: 'wait' }) : null));
  }

  /**
   * SIGTERM: stop ticking, abort the runs in flight (its provider request included, so a stalled
   * provider cannot hold the stop up) and wait for it to roll back before the store closes.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    for (const name of [INTERVAL_NAME, REQUESTS_INTERVAL_NAME]) {
      if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    }
    this.stopping.abort(new Error(`the worker is stopping${signal ? ` (${signal})` : ''}: run rolled back`));
    await this.inFlight;
  }

  private exclusively(work: () => Promise<SyncReport[] | null>): Promise<SyncReport[] | null> {
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

  private async runOnce(request: SyncRequest): Promise<SyncReport[]> {
    const reports = await this.sync.execute({ ...request, signal: this.stopping.signal });
    for (const report of reports) {
      if (report.outcome === 'failed') this.logger.error(syncSummary(report));
      else if (report.runId === null) this.logger.debug(syncSummary(report));
      else this.logger.log(syncSummary(report));
    }
    return reports;
  }
}
