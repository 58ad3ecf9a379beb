import { FinishedSyncRun, SyncRunObserver } from '../domain/sync-run.observer';

export class RecordingSyncRunObserver extends SyncRunObserver {
  private readonly runs: FinishedSyncRun[] = [];

  runFinished(run: FinishedSyncRun): void {
    this.runs.push({ ...run });
  }

  finished(): FinishedSyncRun[] {
    return [...this.runs];
  }
}
