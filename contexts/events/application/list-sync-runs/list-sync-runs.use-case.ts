import { SyncRun } from '../../domain/sync-run';
import { SyncRunRepository } from '../../domain/sync-run.repository';

/** The latest sync runs of every provider, newest first: how an operator learns what the worker did. */
export class ListSyncRunsUseCase {
  constructor(private readonly runs: SyncRunRepository) {}

  execute(limit: number): Promise<SyncRun[]> {
    return this.runs.recent(limit);
  }
}
