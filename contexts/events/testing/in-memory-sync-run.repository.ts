import { SyncCounts, SyncOutcome, SyncRun, NO_COUNTS } from '../domain/sync-run';
import { ABANDONED_REASON, SyncRunRepository } from '../domain/sync-run.repository';

export class InMemorySyncRunRepository extends SyncRunRepository {
  private readonly runs: SyncRun[] = [];
  private readonly heartbeats = new Map<string, Date>();

  async start(provider: string, startedAt: Date): Promise<SyncRun> {
    const run: SyncRun = {
      id: `run-${this.runs.length + 1}`,
      provider,
      startedAt,
      finishedAt: null,
      outcome: 'running',
      error: null,
      ...NO_COUNTS,
    };
    this.runs.push(run);
    return { ...run };
  }

  async finish(id: string, outcome: Exclude<SyncOutcome, 'running'>, counts: SyncCounts, finishedAt: Date, error: string | null): Promise<void> {
    const run = this.runs.find((candidate) => candidate.id === id);
    if (!run) throw new Error(`no run ${id}`);
    Object.assign(run, counts, { outcome, finishedAt, error });
  }

  async heartbeat(id: string, at: Date): Promise<void> {
    const run = this.runs.find((candidate) => candidate.id === id);
    if (run) this.heartbeats.set(id, at);
  }

  async abandonStale(staleBefore: Date, at: Date): Promise<number> {
    const stale = this.runs.filter(
      (run) => run.outcome === 'running' && (this.heartbeats.get(run.id) ?? run.startedAt).getTime() < staleBefore.getTime(),
    );
    for (const run of stale) Object.assign(run, { outcome: 'abandoned', finishedAt: at, error: ABANDONED_REASON });
    return stale.length;
  }

  async recent(limit: number): Promise<SyncRun[]> {
    return this.runs.slice(-limit).reverse().map((run) => ({ ...run }));
  }

  async lastSucceededAt(provider: string): Promise<Date | null> {
    const succeeded = this.runs.filter((run) => run.provider === provider && run.outcome === 'succeeded');
    return succeeded.at(-1)?.finishedAt ?? null;
  }
}
