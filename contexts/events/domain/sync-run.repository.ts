import { SyncCounts, SyncOutcome, SyncRun } from './sync-run';

/** Recorded as the error of an abandoned run. */
export const ABANDONED_REASON = 'abandoned: the process running it stopped without recording an outcome (killed, crashed or cut off from the database)';

/** The audit trail of sync runs; written outside the run's own transaction so failures are kept. */
export abstract class SyncRunRepository {
  abstract start(provider: string, startedAt: Date): Promise<SyncRun>;

  /**
   * Closes a run that is still `running`; a run already closed keeps its outcome. A success is
   * recorded inside its run's transaction, so when the COMMIT's reply is lost the run may be
   * committed as succeeded while its caller, seeing an error, tries to record it as failed.
   */
  abstract finish(
    id: string,
    outcome: Exclude<SyncOutcome, 'running'>,
    counts: SyncCounts,
    finishedAt: Date,
    error: string | null,
  ): Promise<void>;

  /**
   * Marks `abandoned` every run of `provider` still `running`, and returns how many. Only for a
   * caller that holds the provider's lock: no live run of that provider can be running then.
   */
  abstract abandonRunning(provider: string, at: Date): Promise<number>;

  abstract recent(limit: number): Promise<SyncRun[]>;

  /** The provider's latest run that was not skipped: when it started and how it ended (or `running`); null if it never ran. */
  abstract lastStarted(provider: string): Promise<Pick<SyncRun, 'startedAt' | 'outcome'> | null>;

  /** When the provider's latest successful run finished; null if none ever did. */
  abstract lastSucceededAt(provider: string): Promise<Date | null>;
}
