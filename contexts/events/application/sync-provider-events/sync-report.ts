import { SyncCounts, SyncOutcome } from '../../domain/sync-run';

export interface SyncReport extends SyncCounts {
  provider: string;
  /** null when the run was not recorded: the provider was not due yet. */
  runId: string | null;
  outcome: Exclude<SyncOutcome, 'running'>;
  elapsedMs: number;
  /** One line saying why the run failed or was skipped; null on success. */
  error: string | null;
}
