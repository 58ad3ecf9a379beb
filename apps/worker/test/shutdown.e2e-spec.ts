import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { migratedEventsDataSource } from '@contexts/events/testing/events-data-source';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { AppProcess } from '@shared/testing/app-process';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';

const MAIN = join(__dirname, '..', 'src', 'main.ts');
const TIMEOUT_MS = 60_000;

/** The worker as production runs it, stopped by a signal while its provider has gone silent mid-feed. */
describe('the worker process on SIGTERM', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sim: RunningProviderSim;
  let worker: AppProcess | undefined;
  let feedRequested: Promise<void>;

  beforeEach(async () => {
    database = await createPostgresTestDatabase();
    dataSource = await migratedEventsDataSource(database.url);
    let requested!: () => void;
    feedRequested = new Promise((resolve) => (requested = resolve));
    // One 64-byte piece, then silence far longer than the test.
    sim = await startProviderSim({ port: 0, host: '127.0.0.1', fault: 'drip', delayMs: 600_000 }, () => requested());
  }, TIMEOUT_MS);

  afterEach(async () => {
    await worker?.kill();
    await sim.close();
    await dataSource.destroy();
    await database.dispose();
  }, TIMEOUT_MS);

  it('SIGTERM aborts the stalled run, rolls it back, records it and exits 0', async () => {
    const signal = 'SIGTERM';
    worker = AppProcess.start(MAIN, {
      DATABASE_URL: database.url,
      PROVIDER_URL: sim.url,
      PROVIDER_TIMEOUT_MS: '600000',
      SYNC_INTERVAL_SECONDS: '3600',
      WORKER_PORT: '0',
    });
    await feedRequested;

    worker.signal(signal);

    await expect(worker.exited).resolves.toBe(0);
    const runs = await dataSource.query('SELECT outcome, error FROM sync_runs');
    expect(runs).toEqual([{ outcome: 'failed', error: `the worker is stopping (${signal}): run rolled back` }]);
    await expect(dataSource.query('SELECT count(*)::int AS count FROM events')).resolves.toEqual([{ count: 0 }]);
  }, TIMEOUT_MS);
});
