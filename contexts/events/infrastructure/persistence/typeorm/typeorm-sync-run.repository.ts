import { randomUUID } from 'node:crypto';
import { EntityManager, Not } from 'typeorm';
import { NO_COUNTS, SyncCounts, SyncOutcome, SyncRun } from '@contexts/events/domain/sync-run';
import { ABANDONED_REASON, SyncRunRepository } from '@contexts/events/domain/sync-run.repository';
import { unlessDatabaseUnavailable } from '../database-unavailability';
import { SyncRunOrmEntity } from './sync-run.orm-entity';

/**
 * The audit trail of sync runs in PostgreSQL. Give it the data source's manager, never a sync's
 * transaction: a run is recorded whether or not its own transaction commits.
 */
export class TypeOrmSyncRunRepository extends SyncRunRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async start(provider: string, startedAt: Date): Promise<SyncRun> {
    const run: SyncRun = { id: randomUUID(), provider, startedAt, finishedAt: null, outcome: 'running', error: null, ...NO_COUNTS };
    await this.manager.insert(SyncRunOrmEntity, run);
    return run;
  }

  async finish(
    id: string,
    outcome: Exclude<SyncOutcome, 'running'>,
    counts: SyncCounts,
    finishedAt: Date,
    error: string | null,
  ): Promise<void> {
    const { read, inserted, changed, unchanged, rejected } = counts;
    const result = await this.manager.update(
      SyncRunOrmEntity,
      { id, outcome: 'running' },
      { outcome, read, inserted, changed, unchanged, rejected, finishedAt, error },
    );
    if (result.affected === 0 && !(await this.manager.existsBy(SyncRunOrmEntity, { id }))) throw new Error(`Sync run ${id} was never started`);
  }

  async abandonRunning(provider: string, at: Date): Promise<number> {
    const result = await this.manager.update(
      SyncRunOrmEntity,
      { provider, outcome: 'running' },
      { outcome: 'abandoned', finishedAt: at, error: ABANDONED_REASON },
    );
    return result.affected ?? 0;
  }

  async lastStarted(provider: string): Promise<Pick<SyncRun, 'startedAt' | 'outcome'> | null> {
    // Newest first along sync_runs_by_started_at: a provider that runs at all is found within its last few rows.
    const row = await this.manager.findOne(SyncRunOrmEntity, {
      select: { startedAt: true, outcome: true },
      where: { provider, outcome: Not('skipped') },
      order: { startedAt: 'DESC' },
    });
    return row && { startedAt: row.startedAt, outcome: row.outcome };
  }

  async recent(limit: number): Promise<SyncRun[]> {
    const rows = await unlessDatabaseUnavailable(() => this.manager.find(SyncRunOrmEntity, { order: { startedAt: 'DESC', id: 'DESC' }, take: limit }));
    return rows.map(toSyncRun);
  }

  async lastSucceededAt(provider: string): Promise<Date | null> {
    // Walks sync_runs_by_started_at from the newest run: a healthy provider's answer is near the top.
    const row = await this.manager.findOne(SyncRunOrmEntity, {
      select: { finishedAt: true },
      where: { provider, outcome: 'succeeded' },
      order: { startedAt: 'DESC', id: 'DESC' },
    });
    return row?.finishedAt ?? null;
  }
}

/** Copies the fields out so callers get plain domain data, not ORM instances. */
function toSyncRun(row: SyncRunOrmEntity): SyncRun {
  return {
    id: row.id,
    provider: row.provider,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    outcome: row.outcome,
    error: row.error,
    read: row.read,
    inserted: row.inserted,
    changed: row.changed,
    unchanged: row.unchanged,
    rejected: row.rejected,
  };
}
