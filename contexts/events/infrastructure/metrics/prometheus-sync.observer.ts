import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ProviderCallObserver, ProviderFailureReason } from '@contexts/events/domain/provider-call.observer';
import { FinishedSyncRun, SyncRunObserver } from '@contexts/events/domain/sync-run.observer';
import { LastSuccessReader } from './last-successful-sync.reader';

type Label = 'provider';

/**
 * The worker's sync and provider metrics, in the registry /metrics serves. Every series is labelled
 * with the provider's name, so each provider is watched on its own.
 */
export class PrometheusSyncObserver implements SyncRunObserver, ProviderCallObserver {
  private readonly runs: Counter<Label | 'outcome'>;
  private readonly duration: Histogram<Label>;
  private readonly items: Counter<Label | 'kind'>;
  private readonly callDuration: Histogram<Label>;
  private readonly callErrors: Counter<Label | 'reason'>;
  private readonly circuitOpen: Gauge<Label>;
  private readonly lastSuccess: Gauge<Label>;
  private readonly lastSuccessSeconds = new Map<string, number>();

  /**
   * `lastSuccesses`: read at every scrape, so the last successful sync shows at once after a
   * restart, and also when another worker ran it.
   */
  constructor(registry: Registry, lastSuccesses?: LastSuccessReader) {
    const registers = [registry];
    this.runs = new Counter({
      name: 'events_sync_runs_total',
      help: 'Sync runs by how they ended: succeeded, failed or skipped (another run held the provider).',
      labelNames: ['provider', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'events_sync_duration_seconds',
      help: 'Time from the start of a sync run to its end, skipped runs excluded.',
      labelNames: ['provider'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
      registers,
    });
    this.items = new Counter({
      name: 'events_sync_items_total',
      help: 'Feed items by what the sync did with them: inserted, changed, unchanged or rejected.',
      labelNames: ['provider', 'kind'],
      registers,
    });
    this.callDuration = new Histogram({
      name: 'events_provider_request_duration_seconds',
      help: 'One request to the provider, from sending it to the last byte of the feed (or its failure).',
      labelNames: ['provider'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
      registers,
    });
    this.callErrors = new Counter({
      name: 'events_provider_errors_total',
      help: 'Failed provider requests by reason (timeout, unreachable, http_status, wrong_content_type, broken_off, malformed, circuit_open).',
      labelNames: ['provider', 'reason'],
      registers,
    });
    this.circuitOpen = new Gauge({
      name: 'events_provider_circuit_open',
      help: '1 while the provider circuit is open (reads fail fast without calling it), else 0.',
      labelNames: ['provider'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'events_last_successful_sync_timestamp_seconds',
      help: 'When the latest successful sync of the provider finished (by any worker), in seconds since the epoch.',
      labelNames: ['provider'],
      registers,
      collect: async () => {
        if (!lastSuccesses) return;
        try {
          for (const [provider, at] of await lastSuccesses()) this.succeededAt(provider, at);
        } catch {
          // The database does not answer: the values this process knows stay, and /health/ready says why.
        }
      },
    });
  }

  runFinished(run: FinishedSyncRun): void {
    const provider = run.provider;
    this.runs.inc({ provider, outcome: run.outcome });
    if (run.outcome === 'skipped') return;
    this.duration.observe({ provider }, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
    for (const kind of ['inserted', 'changed', 'unchanged', 'rejected'] as const) {
      this.items.inc({ provider, kind }, run[kind]);
    }
    if (run.outcome === 'succeeded') this.succeededAt(provider, run.finishedAt);
  }

  /** Only moves forward, whichever of a scrape's reading and this process's own run lands first. */
  succeededAt(provider: string, finishedAt: Date): void {
    const seconds = finishedAt.getTime() / 1000;
    if (seconds <= (this.lastSuccessSeconds.get(provider) ?? 0)) return;
    this.lastSuccessSeconds.set(provider, seconds);
    this.lastSuccess.set({ provider }, seconds);
  }

  callFinished(provider: string, seconds: number): void {
    this.callDuration.observe({ provider }, seconds);
  }

  callFailed(provider: string, reason: ProviderFailureReason): void {
    this.callErrors.inc({ provider, reason });
  }

  circuitChanged(provider: string, open: boolean): void {
    this.circuitOpen.set({ provider }, open ? 1 : 0);
  }
}
