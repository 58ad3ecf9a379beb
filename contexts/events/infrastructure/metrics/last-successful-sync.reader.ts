import { withinTimeout } from '@shared/async/within-timeout';
import { SyncRunRepository } from '../../domain/sync-run.repository';

/** When each provider last synced successfully, whichever process ran it. */
export type LastSuccessReader = () => Promise<ReadonlyMap<string, Date>>;

/**
 * Reads it from sync_runs, one indexed lookup per provider, bounded in time: a scrape must answer
 * even while the database does not.
 */
export function lastSuccessReader(runs: SyncRunRepository, providers: readonly string[], timeoutMs = 1_000): LastSuccessReader {
  return async () => {
    const found = new Map<string, Date>();
    for (const provider of providers) {
      const at = await withinTimeout(runs.lastSucceededAt(provider), timeoutMs, 'PostgreSQL');
      if (at) found.set(provider, at);
    }
    return found;
  };
}
