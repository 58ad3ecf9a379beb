import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { ListSyncRunsUseCase } from './list-sync-runs.use-case';

describe('ListSyncRunsUseCase', () => {
  it('lists as many of the latest runs as asked, newest first', async () => {
    const runs = new InMemorySyncRunRepository();
    const started = [1, 2, 3].map((hour) => new Date(Date.UTC(2026, 0, 1, hour)));
    for (const at of started) await runs.start('default', at);

    const listed = await new ListSyncRunsUseCase(runs).execute(2);

    expect(listed.map((run) => run.startedAt)).toEqual([started[2], started[1]]);
  });
});
