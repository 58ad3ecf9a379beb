import { DataSource } from 'typeorm';
import { NO_COUNTS } from '@contexts/events/domain/sync-run';
import { withMigratedEventsDatabase } from '@contexts/events/testing/events-data-source';
import { createPostgresTestDatabase } from '@shared/testing/test-databases';
import { ABANDONED_REASON } from '@contexts/events/domain/sync-run.repository';
import { TypeOrmSyncRunRepository } from './typeorm-sync-run.repository';

const STARTED = new Date('2026-03-01T10:00:00.000Z');
const FINISHED = new Date('2026-03-01T10:00:07.250Z');

describe('TypeOrmSyncRunRepository', () => {
  const context = withMigratedEventsDatabase(createPostgresTestDatabase);
  let dataSource: DataSource;
  let runs: TypeOrmSyncRunRepository;

  beforeAll(() => {
    dataSource = context.dataSource;
    runs = new TypeOrmSyncRunRepository(dataSource.manager);
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE sync_runs');
  });

  it('records a started run as running, with no counts yet', async () => {
    const run = await runs.start('default', STARTED);

    expect(await runs.recent(10)).toEqual([
      { id: run.id, provider: 'default', startedAt: STARTED, finishedAt: null, outcome: 'running', error: null, ...NO_COUNTS },
    ]);
  });

  it("marks abandoned the provider's runs still running, and no other", async () => {
    const dead = await runs.start('default', STARTED);
    const otherProvider = await runs.start('acme', STARTED);
    const done = await runs.start('default', STARTED);
    await runs.finish(done.id, 'succeeded', NO_COUNTS, FINISHED, null);

    const marked = await runs.abandonRunning('default', FINISHED);

    expect(marked).toBe(1);
    const byId = new Map((await runs.recent(10)).map((run) => [run.id, run]));
    expect(byId.get(dead.id)).toMatchObject({ outcome: 'abandoned', finishedAt: FINISHED, error: ABANDONED_REASON });
    expect(byId.get(otherProvider.id)).toMatchObject({ outcome: 'running' });
    expect(byId.get(done.id)).toMatchObject({ outcome: 'succeeded' });
  });

  it('records how a run finished', async () => {
    const run = await runs.start('default', STARTED);
    const counts = { read: 10, inserted: 4, changed: 3, unchanged: 2, rejected: 1 };

    await runs.finish(run.id, 'failed', counts, FINISHED, 'provider answered 503');

    expect(await runs.recent(1)).toEqual([
      { id: run.id, provider: 'default', startedAt: STARTED, finishedAt: FINISHED, outcome: 'failed', error: 'provider answered 503', ...counts },
    ]);
  });

  it('lists the most recent runs first, as many as asked', async () => {
    const started = [0, 1, 2].map((minutes) => new Date(STARTED.getTime() + minutes * 60_000));
    for (const at of started) await runs.start('default', at);

    const recent = await runs.recent(2);

    expect(recent.map((run) => run.startedAt)).toEqual([started[2], started[1]]);
  });

  it("finds when a provider's latest successful run finished, ignoring failures and other providers", async () => {
    const at = (minutes: number) => new Date(STARTED.getTime() + minutes * 60_000);
    const finishRun = async (provider: string, minutes: number, outcome: 'succeeded' | 'failed') =>
      runs.finish((await runs.start(provider, at(minutes))).id, outcome, NO_COUNTS, at(minutes + 1), null);
    await finishRun('default', 0, 'succeeded');
    await finishRun('default', 2, 'succeeded');
    await finishRun('default', 4, 'failed');
    await finishRun('other', 6, 'succeeded');

    expect(await runs.lastSucceededAt('default')).toEqual(at(3));
    expect(await runs.lastSucceededAt('never-synced')).toBeNull();
  });

  it('keeps the outcome of a run already finished: a success whose COMMIT reply was lost is not rewritten as failed', async () => {
    const run = await runs.start('default', STARTED);
    await runs.finish(run.id, 'succeeded', { ...NO_COUNTS, read: 3, inserted: 3 }, FINISHED, null);

    await runs.finish(run.id, 'failed', { ...NO_COUNTS, read: 3 }, new Date(FINISHED.getTime() + 1_000), 'Connection terminated unexpectedly');

    expect(await runs.recent(1)).toEqual([expect.objectContaining({ id: run.id, outcome: 'succeeded', inserted: 3, finishedAt: FINISHED, error: null })]);
  });

  it('refuses to finish a run that was never started', async () => {
    await expect(
      runs.finish('00000000-0000-4000-8000-000000000000', 'succeeded', NO_COUNTS, FINISHED, null),
    ).rejects.toThrow('was never started');
  });
});
