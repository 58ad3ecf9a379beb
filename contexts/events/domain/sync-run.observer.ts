import { SyncRun } from './sync-run';

export type FinishedSyncRun = SyncRun & { outcome: Exclude<SyncRun['outcome'], 'running'>; finishedAt: Date };

/**
 * Told how each sync run ended (metrics watch this). Called in the run's own flow, so an
 * implementation stays in memory and never throws.
 */
export abstract class SyncRunObserver {
  abstract runFinished(run: FinishedSyncRun): void;
}
