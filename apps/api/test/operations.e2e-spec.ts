import { EventsDatabase } from '@contexts/events/infrastructure/persistence/events-database';
import { TestDatabase } from '@shared/testing/test-databases';
import { RunningApi, TEST_REDIS_URL, apisOnOneDatabase, databaseWithUnusedVersions, startApi } from './api-test-app';
import { SampleFeedProvider } from './sample-feed.provider';

interface HealthBody {
  status: string;
  info: Record<string, { status: string; [field: string]: unknown }>;
  error: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('operating the API over HTTP: health, metrics, request ids, logs', () => {
  let database: TestDatabase;
  let api: RunningApi;

  async function health(path: string): Promise<{ status: number; body: HealthBody }> {
    const response = await api.get(path);
    return { status: response.status, body: (await response.json()) as HealthBody };
  }

  async function recordSuccessfulSync(finishedSecondsAgo: number): Promise<void> {
    await api.app
      .get(EventsDatabase)
      .dataSource.query(
        `INSERT INTO sync_runs (id, provider, started_at, finished_at, outcome, read, inserted, changed, unchanged, rejected)
         VALUES (gen_random_uuid(), 'default', now() - make_interval(secs => $1 + 1), now() - make_interval(secs => $1), 'succeeded', 0, 0, 0, 0, 0)`,
        [finishedSecondsAgo],
      );
  }

  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
    api = await startApi({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, SYNC_STALE_AFTER_SECONDS: '600', LOG_LEVEL: 'debug' });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await database?.dispose();
  }, 30_000);

  describe('health', () => {
    it('answers liveness while the process serves', async () => {
      expect(await health('/health')).toEqual({ status: 200, body: { status: 'ok', info: {}, error: {}, details: {} } });
    });

    it('is not ready before any successful sync, naming the sync part', async () => {
      const { status, body } = await health('/health/ready');
      expect(status).toBe(503);
      expect(body.status).toBe('error');
      expect(Object.keys(body.error)).toEqual(['sync']);
      expect(body.error.sync.message).toBe('no successful sync within 600 s for default');
      expect(body.info).toMatchObject({ database: { status: 'up' }, cache: { status: 'up' } });
    });

    it('is not ready while the last successful sync is older than SYNC_STALE_AFTER_SECONDS', async () => {
      await recordSuccessfulSync(601);
      const { status, body } = await health('/health/ready');
      expect(status).toBe(503);
      expect(body.error.sync).toMatchObject({ status: 'down', providers: { default: { ageSeconds: 601 } } });
    });

    it('is ready once a sync succeeded recently, with database, cache and sync up', async () => {
      await api.sync(new SampleFeedProvider('response_1.xml'));
      const { status, body } = await health('/health/ready');
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(Object.keys(body.details)).toEqual(['database', 'cache', 'sync']);
      expect(body.details).toMatchObject({ database: { status: 'up' }, cache: { status: 'up' }, sync: { status: 'up' } });
    });
  });

  describe('metrics', () => {
    it('serves Prometheus text with the process metrics and every answer by route pattern and status', async () => {
      await api.get('/search?starts_at=2021-01-01');
      await api.get('/search?starts_at=2021-02-30');
      await api.get('/no/such/route');
      const response = await api.get('/metrics');
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/search",status_code="200"\} [1-9]/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/search",status_code="400"\} [1-9]/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} [1-9]/m);
      expect(text).not.toContain('starts_at=');
    });
  });

  describe('cache hits through the pipeline', () => {
    async function metric(pattern: RegExp): Promise<number> {
      const line = pattern.exec(await (await api.get('/metrics')).text());
      return line ? Number(line[1]) : 0;
    }
    const hits = () => metric(/^events_cache_requests_total\{result="hit"\} (\d+)$/m);
    const misses = () => metric(/^events_cache_requests_total\{result="miss"\} (\d+)$/m);
    const timedSearches = () => metric(/^http_request_duration_seconds_count\{method="GET",route="\/search",status_code="200"\} (\d+)$/m);

    it('counts a hit like any answer, with the request id, ETag and row metrics', async () => {
      const path = '/search?starts_at=2021-06-30&ends_at=2021-06-30';
      await api.get(path);
      const [hitsBefore, timedBefore] = [await hits(), await timedSearches()];
      const repeat = await api.get(path, { 'x-request-id': 'repeat-1' });
      expect(repeat.status).toBe(200);
      expect(repeat.headers.get('x-request-id')).toBe('repeat-1');
      expect(repeat.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(await hits()).toBe(hitsBefore + 1);
      expect(await timedSearches()).toBe(timedBefore + 1);
      expect(await (await api.get('/metrics')).text()).toMatch(/^events_search_rows_count [1-9]/m);
    });

    it('runs a HEAD request once, without a body', async () => {
      const path = '/search?starts_at=2021-07-31&ends_at=2021-07-31';
      const [hitsBefore, missesBefore] = [await hits(), await misses()];
      const head = await fetch(`${api.baseUrl}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect((await hits()) + (await misses())).toBe(hitsBefore + missesBefore + 1);
    });
  });

  describe('request ids', () => {
    it('echoes a safe X-Request-Id on the answer and on every log line of the request', async () => {
      const response = await api.get('/search?ends_at=2021-12-31', { 'x-request-id': 'checkout-7f3a:42' });
      expect(response.headers.get('x-request-id')).toBe('checkout-7f3a:42');
      const lines = api.logs().filter((line) => line.requestId === 'checkout-7f3a:42');
      expect(lines).toEqual([expect.objectContaining({ level: 'debug', msg: 'request answered', route: '/search', statusCode: 200 })]);
    });

    it.each([
      ['too long', 'x'.repeat(129)],
      ['with spaces', 'two words'],
      ['with quotes', 'a"b'],
    ])('replaces an id %s with a generated one', async (_, given) => {
      const response = await api.get('/health', { 'x-request-id': given });
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    });

    it.each([
      ['a 200', '/health'],
      ['a 400', '/search?starts_at=nope'],
      ['a 404', '/nowhere'],
      ['a malformed URL', '/search?starts_at=%E0%A4%A'],
    ])('sends one on %s', async (_, path) => {
      const response = await api.get(path);
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    });

    it('gives each request its own', async () => {
      const [first, second] = await Promise.all([api.get('/health'), api.get('/health')]);
      expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    });
  });
});

describe('settings of the HTTP edge', () => {
  const withApis = apisOnOneDatabase({ CACHE_TTL_SECONDS: '0' });
  const withApi = (env: Record<string, string>, use: (api: RunningApi) => Promise<void>) => withApis(1, env, use);

  it('sends no CORS headers without CORS_ORIGINS', async () => {
    await withApi({}, async (api) => {
      const response = await api.get('/search', { origin: 'https://shop.example' });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('allows exactly the origins in CORS_ORIGINS', async () => {
    await withApi({ CORS_ORIGINS: 'https://shop.example, https://admin.example' }, async (api) => {
      const allowed = await api.get('/search', { origin: 'https://admin.example' });
      const other = await api.get('/search', { origin: 'https://evil.example' });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('answers a preflight through the same pipeline: request id, security headers, CORS', async () => {
    await withApi({ CORS_ORIGINS: 'https://shop.example' }, async (api) => {
      const preflight = await fetch(`${api.baseUrl}/search`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'x-request-id': 'preflight-1' },
      });

      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(preflight.headers.get('x-request-id')).toBe('preflight-1');
      expect(preflight.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  it('answers an OPTIONS that is no preflight as any unknown request, in the envelope, with CORS_ORIGINS set', async () => {
    await withApi({ CORS_ORIGINS: 'https://shop.example' }, async (api) => {
      const answers = await Promise.all([
        fetch(`${api.baseUrl}/search`, { method: 'OPTIONS' }),
        fetch(`${api.baseUrl}/events`, { method: 'OPTIONS', headers: { origin: 'https://shop.example' } }),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([404, 404]);
      for (const answer of answers) {
        expect(await answer.json()).toMatchObject({ error: { code: 'NOT_FOUND' }, data: null });
        expect(answer.headers.get('x-request-id')).toEqual(expect.any(String));
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });
  });

  it('serves no documentation with DOCS_ENABLED=false, in the envelope', async () => {
    await withApi({ DOCS_ENABLED: 'false' }, async (api) => {
      const docs = await api.get('/docs');
      const openapi = await api.get('/openapi.json');
      expect([docs.status, openapi.status]).toEqual([404, 404]);
      expect(await docs.json()).toMatchObject({ error: { code: 'NOT_FOUND' }, data: null });
    });
  });
});
