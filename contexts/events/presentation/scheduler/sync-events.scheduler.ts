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
 * an operator requested it. A tick does not wait for the previous one: a provider still running in
 * this worker (a stalled feed) is skipped while the others go on. Across workers each provider's
 * lock decides, and a provider another worker synced less than an interval ago is not due yet, so
 * N workers sync each provider about once per interval.
 */
@Injectable()
export class SyncEventsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncEventsScheduler.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  private servingRequest = false;
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

  /** Returns one report per provider, or null once the worker is stopping. */
  trigger(): Promise<SyncReport[] | null> {
    if (this.stopping.signal.aborted) return Promise.resolve(null);
    // A little under the interval, so this worker's own next tick, however late, still finds it due.
    return this.track(this.runOnce({ whenBusy: 'skip', dueAfterMs: this.config.syncIntervalSeconds * 900 }));
  }

  /**
   * Syncs every provider if an operator asked for it. A worker serves one request at a time; it waits
   * for each provider's run in flight (here or in another worker), so the request always leads to
   * runs that started after it.
   */
  takeRequest(): Promise<SyncReport[] | null> {
    if (this.stopping.signal.aborted || this.servingRequest) return Promise.resolve(null);
    this.servingRequest = true;
    const served = (async () => ((await this.claimRequest()) ? this.runOnce({ whenBusy: 'wait' }) : null))();
    return this.track(served.finally(() => (this.servingRequest = false)));
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
    await Promise.all(this.inFlight);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    void work.then(done, done);
    return work;
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

  /** Each run is logged as it ends: a provider that stalls does not hold back the others' lines. */
  private runOnce(request: SyncRequest): Promise<SyncReport[]> {
    return this.sync.execute({ ...request, signal: this.stopping.signal, onReport: (report) => this.log(report) });
  }

  private log(report: SyncReport): void {
    if (report.outcome === 'failed') this.logger.error(syncSummary(report));
    else if (report.runId === null) this.logger.debug(syncSummary(report));
    else this.logger.log(syncSummary(report));
  }
}
