import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { migratedEventsDataSource } from '@contexts/events/testing/events-data-source';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { ProviderSimOptions } from '@shared/provider-sim/provider-sim.options';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { RunningWorker, startWorker } from './worker-test-app';

/** The worker as operators see it: its HTTP port, its metrics after real syncs from the simulator, its logs. */

const PROVIDER = '{provider="default"}';

let database: TestDatabase;
let dataSource: DataSource;
let sim: RunningProviderSim | undefined;
let worker: RunningWorker | undefined;

async function start(simOptions: Partial<ProviderSimOptions>, env: Record<string, string> = {}): Promise<RunningWorker> {
  sim = await startProviderSim({ port: 0, host: '127.0.0.1', mode: 'samples', ...simOptions });
  // A long interval: after its first run at start, the worker syncs only when asked.
  worker = await startWorker({ DATABASE_URL: database.url, PROVIDER_URL: sim.url, SYNC_INTERVAL_SECONDS: '3600', ...env });
  return worker;
}

/** Every sample of /metrics, keyed by name and labels as written, e.g. `events_sync_runs_total{provider="default",outcome="failed"}`. */
async function metrics(): Promise<Map<string, number>> {
  const response = await (worker as RunningWorker).get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^(\S+) (\S+)$/.exec(line);
    if (match && !line.startsWith('#')) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

/** Scrapes /metrics until `sample` reaches `value`, as a monitoring system would. */
async function untilMetric(sample: string, value: number): Promise<Map<string, number>> {
  for (;;) {
    const samples = await metrics();
    if ((samples.get(sample) ?? 0) >= value) return samples;
    await sleep(50);
  }
}

/** Waits for `query` to return a row: the run is recorded just after the metrics observe it. */
async function untilRow<T>(query: string): Promise<T> {
  for (;;) {
    const [row] = await dataSource.query<T[]>(query);
    if (row) return row;
    await sleep(50);
  }
}

async function json(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await (worker as RunningWorker).get(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  database = await createPostgresTestDatabase();
  dataSource = await migratedEventsDataSource(database.url);
}, 30_000);

afterAll(async () => {
  await dataSource.destroy();
  await database.dispose();
});

// Each test starts from an empty store: no events, no runs on record, no pending request.
beforeEach(() => dataSource.query('TRUNCATE events, sync_runs, sync_requests'));

afterEach(async () => {
  await worker?.close();
  await sim?.close();
  worker = undefined;
  sim = undefined;
});

describe("the worker's HTTP port", () => {
  it('reports a real sync in its metrics, with Node process metrics beside them', async () => {
    await start({});

    const samples = await untilMetric(`events_sync_runs_total{provider="default",outcome="succeeded"}`, 1);

    const run = await untilRow<{ finished_at: Date }>("SELECT finished_at FROM sync_runs WHERE outcome = 'succeeded'");
    expect(Object.fromEntries([...samples].filter(([name]) => name.startsWith('events_') && !name.includes('_bucket')))).toEqual({
      'events_sync_runs_total{provider="default",outcome="succeeded"}': 1,
      [`events_sync_duration_seconds_sum${PROVIDER}`]: expect.any(Number),
      [`events_sync_duration_seconds_count${PROVIDER}`]: 1,
      'events_sync_items_total{provider="default",kind="inserted"}': 3,
      'events_sync_items_total{provider="default",kind="changed"}': 0,
      'events_sync_items_total{provider="default",kind="unchanged"}': 0,
      'events_sync_items_total{provider="default",kind="rejected"}': 0,
      [`events_provider_request_duration_seconds_sum${PROVIDER}`]: expect.any(Number),
      [`events_provider_request_duration_seconds_count${PROVIDER}`]: 1,
      [`events_provider_circuit_open${PROVIDER}`]: 0,
      [`events_last_successful_sync_timestamp_seconds${PROVIDER}`]: run.finished_at.getTime() / 1000,
    });
    expect(samples.get(`events_sync_duration_seconds_sum${PROVIDER}`)).toBeGreaterThan(0);
    expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.get('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('labels every series with its provider, one set per configured provider', async () => {
    sim = await startProviderSim({ port: 0, host: '127.0.0.1', mode: 'samples' });
    const feed = `${sim.url}/api/events`;
    worker = await startWorker({ DATABASE_URL: database.url, PROVIDERS: `alpha=${feed},beta=${feed}`, SYNC_INTERVAL_SECONDS: '3600' });

    await untilMetric('events_sync_runs_total{provider="alpha",outcome="succeeded"}', 1);
    const samples = await untilMetric('events_sync_runs_total{provider="beta",outcome="succeeded"}', 1);

    for (const provider of ['alpha', 'beta']) {
      expect(samples.get(`events_provider_circuit_open{provider="${provider}"}`)).toBe(0);
      expect(samples.get(`events_provider_request_duration_seconds_count{provider="${provider}"}`)).toBe(1);
      expect(samples.get(`events_last_successful_sync_timestamp_seconds{provider="${provider}"}`)).toBeGreaterThan(0);
    }
  });

  it('answers /health, and /health/ready once the database answers and the provider synced', async () => {
    await start({});
    await untilMetric(`events_sync_runs_total{provider="default",outcome="succeeded"}`, 1);

    expect(await json('/health')).toEqual({ status: 200, body: { status: 'ok', info: {}, error: {}, details: {} } });
    const ready = await json('/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', info: { database: { status: 'up' }, sync: { status: 'up' } } } });
    expect(Object.keys(ready.body.details as object)).toEqual(['database', 'sync']);
  });

  it('counts provider failures by reason, and a failed run', async () => {
    await start({ fault: '503' }, { PROVIDER_TIMEOUT_MS: '1000' });

    const samples = await untilMetric(`events_sync_runs_total{provider="default",outcome="failed"}`, 1);

    // The first attempt and its three retries.
    expect(samples.get('events_provider_errors_total{provider="default",reason="http_status"}')).toBe(4);
    expect(samples.get(`events_provider_request_duration_seconds_count${PROVIDER}`)).toBe(4);
    expect(samples.get(`events_provider_circuit_open${PROVIDER}`)).toBe(0);
    expect(samples.has(`events_last_successful_sync_timestamp_seconds${PROVIDER}`)).toBe(false);
  });

  it('reports the last successful sync on record, from its start and whichever worker ran it', async () => {
    const finished = new Date('2026-01-01T00:00:00.000Z');
    await dataSource.query(
      `INSERT INTO sync_runs (id, provider, started_at, finished_at, outcome, read, inserted, changed, unchanged, rejected)
       VALUES (gen_random_uuid(), 'default', $1, $1, 'succeeded', 3, 3, 0, 0, 0)`,
      [finished],
    );

    await start({ fault: 'html' });

    expect((await metrics()).get(`events_last_successful_sync_timestamp_seconds${PROVIDER}`)).toBe(finished.getTime() / 1000);
    const samples = await untilMetric(`events_sync_runs_total{provider="default",outcome="failed"}`, 1);
    expect(samples.get(`events_last_successful_sync_timestamp_seconds${PROVIDER}`)).toBe(finished.getTime() / 1000);
    expect(samples.get('events_provider_errors_total{provider="default",reason="wrong_content_type"}')).toBe(1);
    // Another worker's later success shows at the next scrape.
    const later = new Date('2026-01-02T00:00:00.000Z');
    await dataSource.query(
      `INSERT INTO sync_runs (id, provider, started_at, finished_at, outcome, read, inserted, changed, unchanged, rejected)
       VALUES (gen_random_uuid(), 'default', $1, $1, 'succeeded', 3, 0, 0, 3, 0)`,
      [later],
    );
    expect((await metrics()).get(`events_last_successful_sync_timestamp_seconds${PROVIDER}`)).toBe(later.getTime() / 1000);
    // That success is long past: not ready, and the answer says which part.
    expect(await json('/health/ready')).toMatchObject({ status: 503, body: { status: 'error', error: { sync: { status: 'down' } } } });
  });

  it('syncs when an operator asks, without waiting for its interval', async () => {
    await start({});
    await untilMetric(`events_sync_runs_total{provider="default",outcome="succeeded"}`, 1);

    await dataSource.query('INSERT INTO sync_requests (requested_at) VALUES (now())');

    const samples = await untilMetric(`events_sync_runs_total{provider="default",outcome="succeeded"}`, 2);
    expect(samples.get('events_sync_items_total{provider="default",kind="rejected"}')).toBe(1); // the second sample's 2021-09-31
    expect(await dataSource.query('SELECT count(*)::int AS pending FROM sync_requests')).toEqual([{ pending: 0 }]);
  });

  it("keeps a provider URL's password out of its logs and of sync_runs", async () => {
    sim = await startProviderSim({ port: 0, host: '127.0.0.1', mode: 'samples', fault: 'html' });
    const withPassword = sim.url.replace('http://', 'http://feed:s3cret-pw@');
    worker = await startWorker({ DATABASE_URL: database.url, PROVIDER_URL: withPassword, SYNC_INTERVAL_SECONDS: '3600', LOG_FORMAT: 'json' });

    await untilMetric(`events_sync_runs_total{provider="default",outcome="failed"}`, 1);

    const { error } = await untilRow<{ error: string }>("SELECT error FROM sync_runs WHERE outcome = 'failed'");
    expect(error).toContain('http://feed:***@127.0.0.1');
    expect(error).not.toContain('s3cret-pw');
    // The scheduler logs the run once it is recorded.
    while (!worker.logs().some((line) => line.includes('sync default failed'))) await sleep(50);
    const logs = worker.logs().join('');
    expect(logs).toContain('feed:***@');
    expect(logs).not.toContain('s3cret-pw');
  });

  it('answers an unknown path with a 404 in the error envelope', async () => {
    await start({});
    expect(await json('/nowhere')).toMatchObject({ status: 404, body: { data: null, error: { code: 'NOT_FOUND' } } });
  });
});
