import { SyncCounts, SyncOutcome, SyncRun } from './sync-run';

/** Recorded as the error of an abandoned run. */
export const ABANDONED_REASON = 'abandoned: the process running it stopped without recording an outcome (killed, crashed or cut off from the database)';

/** The audit trail of sync runs; written outside the run's own transaction so failures are kept. */
export abstract class SyncRunRepository {
  abstract start(provider: string, startedAt: Date): Promise<SyncRun>;

  abstract finish(
    id: string,
    outcome: Exclude<SyncOutcome, 'running'>,
    counts: SyncCounts,
    finishedAt: Date,
    error: string | null,
  ): Promise<void>;

  /** A sign of life from the process running `id`; see abandonStale. */
  abstract heartbeat(id: string, at: Date): Promise<void>;

  /**
   * Marks `abandoned` every run still `running` whose last sign of life is older than `staleBefore`:
   * its process is gone, since a live one beats regularly. Returns how many were marked.
   */
  abstract abandonStale(staleBefore: Date, at: Date): Promise<number>;

  abstract recent(limit: number): Promise<SyncRun[]>;

  /** When the provider's latest successful run finished; null if none ever did. */
  abstract lastSucceededAt(provider: string): Promise<Date | null>;
}
