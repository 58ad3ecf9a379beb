import { connect } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { migratedEventsDataSource } from '@contexts/events/testing/events-data-source';
import { AppProcess } from '@shared/testing/app-process';
import { freePort } from '@shared/net/free-port';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';

const MAIN = join(__dirname, '..', 'src', 'main.ts');
const TIMEOUT_MS = 60_000;

/** Whether a new connection is accepted (a fetch could reuse a pooled one); the test waits for the refusal. */
function accepts(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(baseUrl).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The API as production runs it, stopped by a signal while a request waits on the database. */
describe('the API process on SIGTERM', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let api: AppProcess | undefined;
  let lock: { release(): Promise<void> } | undefined;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    dataSource = await migratedEventsDataSource(database.url);
  }, TIMEOUT_MS);

  afterEach(async () => {
    await api?.kill();
    await lock?.release();
    lock = undefined;
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  }, TIMEOUT_MS);

  async function startApi(env: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    api = AppProcess.start(MAIN, { DATABASE_URL: database.url, PORT: String(port), ...env });
    await api.waitForLine(/api: listening on/);
    return `http://127.0.0.1:${port}`;
  }

  /** Holds the events table, so that a search in flight waits on the database until release(). */
  async function holdEventsTable(): Promise<{ release(): Promise<void> }> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    return {
      release: async () => {
        await runner.commitTransaction();
        await runner.release();
      },
    };
  }

  /** Resolves once a query of the API's waits for a lock, i.e. its request is in flight. */
  async function apiWaitsOnLock(): Promise<void> {
    for (;;) {
      const waiting = await dataSource.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name = 'events'",
      );
      if (waiting.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('finishes the request in flight, refuses new ones, then exits 0', async () => {
    const baseUrl = await startApi();
    lock = await holdEventsTable();
    const inFlight = fetch(`${baseUrl}/search?starts_at=2021-01-01`);
    await apiWaitsOnLock();

    api!.signal('SIGTERM');
    await api!.waitForLine(/api: SIGTERM received, stopping/);
    while (await accepts(baseUrl)) await new Promise((resolve) => setTimeout(resolve, 20));
    await lock.release();
    lock = undefined;

    expect((await inFlight).status).toBe(200);
    await expect(api!.exited).resolves.toBe(0);
  }, TIMEOUT_MS);

  it('answers a request that arrives on an open connection while it stops through the pipeline, not with a bare 503', async () => {
    const baseUrl = await startApi();
    // A request begun before the signal (so its connection is not idle, and stays open) and finished after the server closed.
    const socket = connect(Number(new URL(baseUrl).port), '127.0.0.1');
    let received = '';
    socket.on('data', (data) => (received += data.toString('latin1')));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /events?pageSize=5 HTTP/1.1\r\nHost: x\r\n');

    api!.signal('SIGTERM');
    await api!.waitForLine(/api: SIGTERM received, stopping/);
    while (await accepts(baseUrl)) await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write('\r\n');
    await closed;

    expect(received).toMatch(/^HTTP\/1\.1 (200|404) /);
    expect(received).toMatch(/^x-request-id: /im);
    expect(received).toMatch(/^x-content-type-options: nosniff/im);
    expect(received).toMatch(/^connection: close/im);
    await expect(api!.exited).resolves.toBe(0);
  }, TIMEOUT_MS);

  it('gives up on requests still in flight after SHUTDOWN_TIMEOUT_MS and exits 1', async () => {
    const baseUrl = await startApi({ SHUTDOWN_TIMEOUT_MS: '300' });
    lock = await holdEventsTable();
    const inFlight = fetch(`${baseUrl}/search?starts_at=2021-01-01`).catch((error: Error) => error);
    await apiWaitsOnLock();

    api!.signal('SIGINT');

    await expect(api!.exited).resolves.toBe(1);
    expect(api!.output).toMatch(/still stopping after 300 ms \(SHUTDOWN_TIMEOUT_MS\)/);
    await inFlight;
  }, TIMEOUT_MS);

  it('exits 0 at once on SIGTERM while it is still waiting for its database', async () => {
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/events`;
    api = AppProcess.start(MAIN, { DATABASE_URL: nowhere, DATABASE_CONNECT_TIMEOUT_SECONDS: '600', PORT: String(await freePort()) });
    await api.waitForLine(/is not available yet/);

    api.signal('SIGTERM');

    await expect(api.exited).resolves.toBe(0);
    expect(api.output).toMatch(/api: SIGTERM received while starting; exiting/);
  }, TIMEOUT_MS);
});
