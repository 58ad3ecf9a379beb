import { NO_COUNTS } from '../../domain/sync-run';
import { SyncProviderEventsUseCase, SyncRequest } from '../sync-provider-events/sync-provider-events.use-case';
import { SyncReport } from '../sync-provider-events/sync-report';
import { UnknownProviderError } from './unknown-provider.error';

export interface SyncProvidersRequest extends SyncRequest {
  /** Only this provider; every configured one when absent. */
  provider?: string;
  /** Told of each provider's report as soon as its run ends, not once all have. */
  onReport?: (report: SyncReport) => void;
}

/**
 * Syncs every provider (or one), each in a run of its own, at most `concurrency` runs at a time in
 * this process however many passes overlap: one provider's failure, slowness or lock held elsewhere
 * does not hold back or undo the others. A pass that finds a provider already queued or running in
 * this process skips it ('skip') or runs it again once that run is over ('wait').
 */
export class SyncProvidersUseCase {
  /** This process's runs, queued or running, by provider. */
  private readonly runs = new Map<string, Promise<SyncReport>>();
  private running = 0;
  private readonly queued: (() => void)[] = [];

  constructor(
    private readonly syncs: readonly SyncProviderEventsUseCase[],
    private readonly concurrency: number,
  ) {}

  /** One report per provider, in the configured order. Throws UnknownProviderError for a name not configured. */
  async execute(request: SyncProvidersRequest = {}): Promise<SyncReport[]> {
    const { provider, onReport, ...run } = request;
    const chosen = provider === undefined ? this.syncs : [this.find(provider)];
    return Promise.all(
      chosen.map(async (sync) => {
        const report = await this.runAlone(sync, run);
        onReport?.(report);
        return report;
      }),
    );
  }

  private async runAlone(sync: SyncProviderEventsUseCase, request: SyncRequest): Promise<SyncReport> {
    const name = sync.providerName;
    if (this.runs.has(name) && (request.whenBusy ?? 'skip') === 'skip') return notRun(name, 'skipped', 'a run of it is already in progress in this worker');
    for (let earlier = this.runs.get(name); earlier; earlier = this.runs.get(name)) await earlier;
    const run = this.inTurn(() => runOne(sync, request));
    this.runs.set(name, run);
    try {
      return await run;
    } finally {
      if (this.runs.get(name) === run) this.runs.delete(name);
    }
  }

  /** First come, first served, `concurrency` at a time. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else await new Promise<void>((resolve) => this.queued.push(resolve));
    try {
      return await work();
    } finally {
      // The slot goes straight to the next in line, if any.
      const next = this.queued.shift();
      if (next) next();
      else this.running--;
    }
  }

  private find(name: string): SyncProviderEventsUseCase {
    const sync = this.syncs.find((candidate) => candidate.providerName === name);
    if (!sync) throw new UnknownProviderError(name, this.syncs.map((candidate) => candidate.providerName));
    return sync;
  }
}

/** A run that could not even be recorded (e.g. the database is down) is reported, and the others go on. */
async function runOne(sync: SyncProviderEventsUseCase, request: SyncRequest): Promise<SyncReport> {
  try {
    return await sync.execute(request);
  } catch (error) {
    return notRun(sync.providerName, 'failed', `could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function notRun(provider: string, outcome: 'failed' | 'skipped', error: string): SyncReport {
  return { provider, runId: null, outcome, error, ...NO_COUNTS, elapsedMs: 0 };
}
