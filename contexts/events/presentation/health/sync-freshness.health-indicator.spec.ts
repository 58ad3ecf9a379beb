import { NO_COUNTS } from '../../domain/sync-run';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { SyncFreshnessHealthIndicator } from './sync-freshness.health-indicator';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

describe('SyncFreshnessHealthIndicator', () => {
  let runs: InMemorySyncRunRepository;

  async function recordRun(provider: string, finishedSecondsAgo: number, outcome: 'succeeded' | 'failed'): Promise<void> {
    const run = await runs.start(provider, secondsAgo(finishedSecondsAgo + 5));
    await runs.finish(run.id, outcome, NO_COUNTS, secondsAgo(finishedSecondsAgo), null);
  }

  function indicator(providers: string[]) {
    return new SyncFreshnessHealthIndicator(runs, { providers, staleAfterSeconds: 300, now: () => NOW });
  }

  beforeEach(() => {
    runs = new InMemorySyncRunRepository();
  });

  it('is up when every provider synced successfully within the limit', async () => {
    await recordRun('alpha', 299, 'succeeded');
    await recordRun('beta', 10, 'succeeded');
    const result = await indicator(['alpha', 'beta']).check();
    expect(result.sync).toMatchObject({
      status: 'up',
      providers: { alpha: { ageSeconds: 299, lastSucceededAt: secondsAgo(299).toISOString() }, beta: { ageSeconds: 10 } },
    });
  });

  it('is down naming a provider whose last success is too old, even after a recent failure', async () => {
    await recordRun('alpha', 301, 'succeeded');
    await recordRun('alpha', 1, 'failed');
    await recordRun('beta', 10, 'succeeded');
    const result = await indicator(['alpha', 'beta']).check();
    expect(result.sync).toMatchObject({ status: 'down', message: 'no successful sync within 300 s for alpha' });
  });

  it('is down for a provider that never synced', async () => {
    const result = await indicator(['alpha']).check();
    expect(result.sync).toMatchObject({ status: 'down', providers: { alpha: { lastSucceededAt: null, ageSeconds: null } } });
  });

  it('is down, not failing, when the sync runs cannot be read', async () => {
    jest.spyOn(runs, 'lastSucceededAt').mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const result = await indicator(['alpha']).check();
    expect(result.sync).toEqual({ status: 'down', message: 'cannot read the sync runs: connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('is down, in time, when the sync runs do not come back', async () => {
    jest.spyOn(runs, 'lastSucceededAt').mockReturnValue(new Promise(() => undefined));
    const slow = new SyncFreshnessHealthIndicator(runs, { providers: ['alpha', 'beta'], staleAfterSeconds: 300, timeoutMs: 20, now: () => NOW });

    const result = await slow.check();

    expect(result.sync).toEqual({ status: 'down', message: 'cannot read the sync runs: PostgreSQL did not answer within 20 ms' });
  });
});
