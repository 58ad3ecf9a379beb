export type SyncOutcome = 'running' | 'succeeded' | 'failed' | 'skipped';

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
