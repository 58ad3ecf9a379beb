import { SyncCounts, SyncOutcome, SyncRun, NO_COUNTS } from '../domain/sync-run';
import { ABANDONED_REASON, SyncRunRepository } from '../domain/sync-run.repository';

export class InMemorySyncRunRepository extends SyncRunRepository {
  private readonly runs: SyncRun[] = [];

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
    if (run.outcome === 'running') Object.assign(run, counts, { outcome, finishedAt, error });
  }

  async abandonRunning(provider: string, at: Date): Promise<number> {
    const running = this.runs.filter((run) => run.provider === provider && run.outcome === 'running');
    for (const run of running) Object.assign(run, { outcome: 'abandoned', finishedAt: at, error: ABANDONED_REASON });
    return running.length;
  }

  async lastStarted(provider: string): Promise<Pick<SyncRun, 'startedAt' | 'outcome'> | null> {
    const ran = this.runs.filter((run) => run.provider === provider && run.outcome !== 'skipped');
    const last = ran.reduce<SyncRun | null>((latest, run) => (latest === null || run.startedAt > latest.startedAt ? run : latest), null);
    return last && { startedAt: last.startedAt, outcome: last.outcome };
  }

  async recent(limit: number): Promise<SyncRun[]> {
    return this.runs.slice(-limit).reverse().map((run) => ({ ...run }));
  }

  async lastSucceededAt(provider: string): Promise<Date | null> {
    const succeeded = this.runs.filter((run) => run.provider === provider && run.outcome === 'succeeded');
    return succeeded.at(-1)?.finishedAt ?? null;
  }
}
