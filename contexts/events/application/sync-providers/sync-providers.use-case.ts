import { NO_COUNTS } from '../../domain/sync-run';
import { SyncProviderEventsUseCase, SyncRequest } from '../sync-provider-events/sync-provider-events.use-case';
import { SyncReport } from '../sync-provider-events/sync-report';
import { UnknownProviderError } from './unknown-provider.error';

export interface SyncProvidersRequest extends SyncRequest {
  /** Only this provider; every configured one when absent. */
  provider?: string;
}

/**
 * Syncs every provider (or one), each in a run of its own, at most `concurrency` at a time: one
 * provider's failure, slowness or lock held elsewhere does not hold back or undo the others.
 */
export class SyncProvidersUseCase {
  constructor(
    private readonly syncs: readonly SyncProviderEventsUseCase[],
    private readonly concurrency: number,
  ) {}

  /** One report per provider, in the configured order. Throws UnknownProviderError for a name not configured. */
  async execute(request: SyncProvidersRequest = {}): Promise<SyncReport[]> {
    const { provider, ...run } = request;
    const chosen = provider === undefined ? this.syncs : [this.find(provider)];
    const reports: SyncReport[] = new Array(chosen.length);
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < chosen.length; index = next++) reports[index] = await runOne(chosen[index], run);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, chosen.length) }, lane));
    return reports;
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
    const reason = error instanceof Error ? error.message : String(error);
    return { provider: sync.providerName, runId: null, outcome: 'failed', error: `could not run: ${reason}`, ...NO_COUNTS, elapsedMs: 0 };
  }
}
