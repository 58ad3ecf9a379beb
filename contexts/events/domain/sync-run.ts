/**
 * `abandoned`: the process running it went away (killed, crashed, cut off from the database) before
 * it could record an outcome; the run's transaction was rolled back with it, so the store is as before.
 */
export type SyncOutcome = 'running' | 'succeeded' | 'failed' | 'skipped' | 'abandoned';

export interface SyncCounts {
  read: number;
  inserted: number;
  changed: number;
  unchanged: number;
  rejected: number;
}

export interface SyncRun extends SyncCounts {
  id: string;
  provider: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: SyncOutcome;
  error: string | null;
}

export const NO_COUNTS: SyncCounts = { read: 0, inserted: 0, changed: 0, unchanged: 0, rejected: 0 };
