import { SyncCounts, SyncOutcome } from '../../domain/sync-run';

export interface SyncReport extends SyncCounts {
  runId: string;
  outcome: Exclude<SyncOutcome, 'running'>;
  elapsedMs: number;
  /** One line saying why the run failed or was skipped; null on success. */
  error: string | null;
}
