import { setTimeout as sleep } from 'node:timers/promises';
import { SyncRunRepository } from '@contexts/events/domain/sync-run.repository';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { startWorker } from '../../worker/test/worker-test-app';
import { RunningApi, startApi } from './api-test-app';
import { conformsToContract } from './contract';

const KEY = 'an-admin-key-of-some-length';
const AUTHORIZED = { authorization: `Bearer ${KEY}` };

interface RunBody {
  id: string;
  provider: string;
  outcome: string;
  startedAt: string;
  finishedAt: string | null;
  read: number;
  inserted: number;
  changed: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

interface RunsBody {
  data: { runs: RunBody[] };
  error: null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  components: { securitySchemes?: Record<string, { type: string; scheme: string }> };
}

describe('the admin routes over HTTP', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
  }, 30_000);

  afterAll(() => database.dispose());

  describe('without ADMIN_API_KEY', () => {
    let api: RunningApi;

    beforeAll(async () => {
      api = await startApi({ DATABASE_URL: database.url });
    }, 30_000);

    afterAll(() => api.close());

    it.each([
      ['GET', {}],
      ['GET', { authorization: 'Bearer anything' }],
      ['POST', {}],
    ])('does not have them: %s answers 404 in the envelope', async (method, headers) => {
      const response = await fetch(`${api.baseUrl}/admin/sync-runs`, { method, headers });

      expect(response.status).toBe(404);
      conformsToContract.error(await response.json());
    });

    it('does not list them in the OpenAPI document', async () => {
      const document = (await (await api.get('/openapi.json')).json()) as OpenApiDocument;
      expect(Object.keys(document.paths)).not.toContain('/admin/sync-runs');
    });
  });

  describe('with ADMIN_API_KEY', () => {
    let api: RunningApi;

    const getRuns = (query = '', headers: Record<string, string> = AUTHORIZED) => api.get(`/admin/sync-runs${query}`, headers);

    async function runs(query = ''): Promise<RunBody[]> {
      const response = await getRuns(query);
      expect(response.status).toBe(200);
      return ((await response.json()) as RunsBody).data.runs;
    }

    async function refused(response: Response, status: number): Promise<{ code: string; message: string }> {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      conformsToContract.error(body);
      return body.error;
    }

    /** Polls the admin route itself until `count` runs have finished. */
    async function untilFinishedRuns(count: number): Promise<RunBody[]> {
      for (;;) {
        const finished = (await runs()).filter((run) => run.finishedAt !== null);
        if (finished.length >= count) return finished;
        await sleep(50);
      }
    }

    beforeAll(async () => {
      api = await startApi({ DATABASE_URL: database.url, ADMIN_API_KEY: KEY });
    }, 30_000);

    afterAll(() => api.close());

    beforeEach(async () => {
      await api.database().query('TRUNCATE sync_runs, sync_requests');
    });

    describe('refuse a request without the key', () => {
      it.each([
        ['no Authorization header', {}],
        ['another key', { authorization: 'Bearer not-the-key' }],
        ['a prefix of the key', { authorization: `Bearer ${KEY.slice(0, 10)}` }],
        ['the key followed by more', { authorization: `Bearer ${KEY}0` }],
        ['the Basic scheme', { authorization: `Basic ${Buffer.from(`admin:${KEY}`).toString('base64')}` }],
        ['the key without a scheme', { authorization: KEY }],
        ['the key in another header', { 'x-api-key': KEY }],
      ])('%s: 401 in the envelope, on both routes', async (_label, headers: Record<string, string>) => {
        const listed = await refused(await getRuns('', headers), 401);
        const posted = await fetch(`${api.baseUrl}/admin/sync-runs`, { method: 'POST', headers });
        const requested = await refused(posted, 401);

        expect(listed.code).toBe('UNAUTHORIZED');
        expect(requested.code).toBe('UNAUTHORIZED');
        expect(posted.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
        expect(await api.database().query('SELECT * FROM sync_requests')).toEqual([]);
      });

      it('checks the key before the parameters', async () => {
        expect((await refused(await getRuns('?limit=abc', {}), 401)).code).toBe('UNAUTHORIZED');
      });
    });

    it('lists the runs newest first, with ISO times, numeric counts and the error', async () => {
      const repository = api.app.get(SyncRunRepository);
      const started = new Date('2026-03-01T10:00:00.000Z');
      const failed = await repository.start('default', started);
      await repository.finish(failed.id, 'failed', { read: 3, inserted: 0, changed: 0, unchanged: 0, rejected: 1 }, new Date('2026-03-01T10:00:02.500Z'), 'provider answered HTTP 503');
      const running = await repository.start('other', new Date('2026-03-01T11:00:00.000Z'));

      const response = await getRuns();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        data: {
          runs: [
            { id: running.id, provider: 'other', outcome: 'running', startedAt: '2026-03-01T11:00:00.000Z', finishedAt: null, read: 0, inserted: 0, changed: 0, unchanged: 0, rejected: 0, error: null },
            { id: failed.id, provider: 'default', outcome: 'failed', startedAt: '2026-03-01T10:00:00.000Z', finishedAt: '2026-03-01T10:00:02.500Z', read: 3, inserted: 0, changed: 0, unchanged: 0, rejected: 1, error: 'provider answered HTTP 503' },
          ],
        },
        error: null,
      });
    });

    it('never shows the password of a URL quoted in an error', async () => {
      const repository = api.app.get(SyncRunRepository);
      const run = await repository.start('default', new Date('2026-03-01T10:00:00.000Z'));
      const error = 'https://feed:s3cret-pw@provider.example/api/events answered HTTP 503';
      await repository.finish(run.id, 'failed', { read: 0, inserted: 0, changed: 0, unchanged: 0, rejected: 0 }, new Date('2026-03-01T10:00:01.000Z'), error);

      const [listed] = await runs();

      expect(listed.error).toBe('https://feed:***@provider.example/api/events answered HTTP 503');
    });

    it('lists 20 runs by default and up to `limit`', async () => {
      await api.database().query(
        `INSERT INTO sync_runs (id, provider, started_at, finished_at, outcome, read, inserted, changed, unchanged, rejected)
         SELECT gen_random_uuid(), 'default', timestamptz '2026-01-01' + n * interval '1 minute', NULL, 'running', 0, 0, 0, 0, 0
         FROM generate_series(1, 510) AS n`,
      );

      const byDefault = await runs();
      expect(byDefault).toHaveLength(20);
      expect(byDefault[0].startedAt).toBe(new Date(Date.parse('2026-01-01T00:00:00Z') + 510 * 60_000).toISOString());
      expect(await runs('?limit=1')).toHaveLength(1);
      expect(await runs('?limit=500')).toHaveLength(500);
      const all = await runs('?limit=500');
      expect(all.map((run) => run.startedAt)).toEqual([...all.map((run) => run.startedAt)].sort().reverse());
    });

    it.each(['0', '501', '-1', 'abc', '1.5', '1e2', '', '20&limit=30'])('refuses limit=%p with a 400 naming it', async (limit) => {
      const error = await refused(await getRuns(`?limit=${limit}`), 400);
      expect(error.message).toMatch(/limit/);
    });

    it('refuses an unknown parameter', async () => {
      const error = await refused(await getRuns('?limt=5'), 400);
      expect(error).toMatchObject({ code: 'UNKNOWN_PARAMETER', message: expect.stringMatching(/limt.*accepted: limit/) });
    });

    it('accepts a sync request with 202 and leaves it for a worker', async () => {
      const before = Date.now();
      const response = await fetch(`${api.baseUrl}/admin/sync-runs`, { method: 'POST', headers: AUTHORIZED });

      expect(response.status).toBe(202);
      const body = (await response.json()) as { data: { requestedAt: string } };
      expect(body).toEqual({ data: { requestedAt: expect.any(String) }, error: null });
      expect(Date.parse(body.data.requestedAt)).toBeGreaterThanOrEqual(before);
      expect(await api.database().query('SELECT count(*)::int AS pending FROM sync_requests')).toEqual([{ pending: 1 }]);
    });

    it('makes a running worker sync every provider soon after POST', async () => {
      const sim = await startProviderSim({ port: 0, host: '127.0.0.1', mode: 'samples' });
      const feed = `${sim.url}/api/events`;
      // A long interval: after its first runs at start, the worker syncs only when asked.
      const worker = await startWorker({ DATABASE_URL: database.url, PROVIDERS: `alpha=${feed},beta=${feed}`, SYNC_INTERVAL_SECONDS: '3600' });
      try {
        const atStart = await untilFinishedRuns(2);
        expect(atStart.map((run) => [run.provider, run.outcome]).sort()).toEqual([['alpha', 'succeeded'], ['beta', 'succeeded']]);

        const response = await fetch(`${api.baseUrl}/admin/sync-runs`, { method: 'POST', headers: AUTHORIZED });
        expect(response.status).toBe(202);
        const { requestedAt } = ((await response.json()) as { data: { requestedAt: string } }).data;

        const requested = (await untilFinishedRuns(4)).filter((run) => Date.parse(run.startedAt) >= Date.parse(requestedAt));
        expect(requested.map((run) => [run.provider, run.outcome]).sort()).toEqual([['alpha', 'succeeded'], ['beta', 'succeeded']]);
      } finally {
        await worker.close();
        await sim.close();
      }
    }, 20_000);

    it('documents both routes in /docs with the bearer scheme', async () => {
      const document = (await (await api.get('/openapi.json')).json()) as OpenApiDocument;

      expect(document.components.securitySchemes?.admin).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(document.paths['/admin/sync-runs'].get.security).toEqual([{ admin: [] }]);
      expect(document.paths['/admin/sync-runs'].post.security).toEqual([{ admin: [] }]);
    });
  });
});
