import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { AppProcess } from '@shared/testing/app-process';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';

/** Three real worker processes sharing four providers through PostgreSQL alone. */

const WORKER_MAIN = join(__dirname, '../src/main.ts');
const PROVIDERS = ['alpha', 'beta', 'gamma', 'delta'];
const RUNS_PER_PROVIDER = 2;

interface RecordedRun {
  provider: string;
  started_at: Date;
  finished_at: Date;
}

/** Which providers a worker's log says it synced. */
function syncedProviders(worker: AppProcess): string[] {
  return [...worker.output.matchAll(/sync ([a-z0-9-]+) succeeded/g)].map((match) => match[1]);
}

/** SIGTERM, as an orchestrator would: the runs in flight finish or roll back first. */
async function stop(worker: AppProcess): Promise<void> {
  worker.signal('SIGTERM');
  await worker.exited;
}

describe('three workers over four providers', () => {
  let database: TestDatabase;
  let sim: RunningProviderSim;
  let workers: AppProcess[] = [];
  let client: Client;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    // Each feed takes longer to arrive than the interval, so the workers' ticks meet runs in flight.
    sim = await startProviderSim({ port: 0, host: '127.0.0.1', fault: 'delay', delayMs: 1000 });
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await client.end();
    await sim.close();
    await database.dispose();
  });

  async function succeededRuns(): Promise<RecordedRun[]> {
    const exists = await client.query("SELECT to_regclass('sync_runs') IS NOT NULL AS ready");
    if (!exists.rows[0].ready) return [];
    const result = await client.query<RecordedRun>(
      "SELECT provider, started_at, finished_at FROM sync_runs WHERE outcome <> 'skipped' ORDER BY provider, started_at",
    );
    return result.rows;
  }

  it('syncs every provider again and again, never two runs of one provider at once', async () => {
    const env = {
      DATABASE_URL: database.url,
      PROVIDERS: PROVIDERS.map((name) => `${name}=${sim.url}/api/events`).join(','),
      SYNC_INTERVAL_SECONDS: '1',
      SYNC_CONCURRENCY: '2',
      LOG_LEVEL: 'info',
      WORKER_PORT: '0',
    };
    workers = [1, 2, 3].map(() => AppProcess.start(WORKER_MAIN, env));

    let runs: RecordedRun[] = [];
    const enough = () => PROVIDERS.every((name) => runs.filter((run) => run.provider === name && run.finished_at).length >= RUNS_PER_PROVIDER);
    while (!enough()) {
      await sleep(250);
      runs = await succeededRuns();
    }
    await Promise.all(workers.map(stop));
    runs = await succeededRuns();

    for (const name of PROVIDERS) {
      const own = runs.filter((run) => run.provider === name);
      const overlaps = own.slice(1).filter((run, index) => run.started_at < own[index].finished_at);
      expect({ provider: name, overlaps }).toEqual({ provider: name, overlaps: [] });
    }
    // They shared the work: more than one worker synced providers.
    expect(workers.filter((worker) => syncedProviders(worker).length > 0).length).toBeGreaterThan(1);
  }, 90_000);
});
