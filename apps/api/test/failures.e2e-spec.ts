import { connect } from 'node:net';
import { SearchDatabase } from '@contexts/events/infrastructure/persistence/search-database';
import { TestDatabase } from '@shared/testing/test-databases';
import { RunningApi, databaseWithUnusedVersions, startApi } from './api-test-app';
import { conformsToContract } from './contract';
import { SampleFeedProvider } from './sample-feed.provider';
import { TcpProxy } from './tcp-proxy';

const ADMIN_KEY = 'an-admin-key-for-the-outage-specs';

describe('failures over HTTP: a database outage, a client hanging up', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let api: RunningApi;

  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
    const url = new URL(database.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    api = await startApi({ DATABASE_URL: url.toString(), CACHE_TTL_SECONDS: '0', ADMIN_API_KEY: ADMIN_KEY });
    await api.sync(new SampleFeedProvider('response_1.xml'));
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await proxy?.cut();
    await database?.dispose();
  }, 30_000);

  it('does not log a client that hangs up as a failure', async () => {
    const { port } = new URL(api.baseUrl);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.on('connect', resolve));
      socket.write('GET /search HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.destroy();
    }
    // A request after them, answered, shows the server got that far.
    expect((await api.get('/search')).status).toBe(200);
    expect(api.logs().filter((line) => line.level === 'error')).toEqual([]);
  });

  it('answers 503 in the envelope while PostgreSQL is unreachable, logs it once, and recovers', async () => {
    await proxy.cut();
    try {
      const admin = { authorization: `Bearer ${ADMIN_KEY}` };
      const answers = await Promise.all([
        api.get('/search'),
        api.get('/events'),
        api.get('/search?starts_at=2021-01-01'),
        api.get('/admin/sync-runs', admin),
        fetch(`${api.baseUrl}/admin/sync-runs`, { method: 'POST', headers: admin }),
      ]);
      const bodies = await Promise.all(answers.map((answer) => answer.json()));
      expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503, 503]);
      expect(answers[0].headers.get('retry-after')).toBe('5');
      bodies.forEach((body) => conformsToContract.error(body));
      expect(bodies[0]).toEqual({ error: { code: 'EVENT_STORE_UNAVAILABLE', message: expect.stringMatching(/try again/) }, data: null });
      const outageLines = api.logs().filter((line) => typeof line.msg === 'string' && line.msg.includes('answered 503'));
      expect(outageLines).toHaveLength(1);
      expect(api.logs().filter((line) => line.level === 'error')).toEqual([]);

      const ready = await api.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: object }).error).toHaveProperty('database.status', 'down');
    } finally {
      await proxy.restore();
    }
    expect((await api.get('/search')).status).toBe(200);
  });
});

describe('failures over HTTP: a PostgreSQL that stops answering, or is gone before the first search', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let api: RunningApi;

  async function apiThroughProxy(): Promise<RunningApi> {
    const url = new URL(database.url);
    url.host = `127.0.0.1:${proxy.port}`;
    // The cache on, as by default: its data version is read from the database too.
    return startApi({ DATABASE_URL: url.toString(), SEARCH_STATEMENT_TIMEOUT_MS: '500', ADMIN_API_KEY: ADMIN_KEY });
  }

  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
    const url = new URL(database.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    api = await apiThroughProxy();
    await api.sync(new SampleFeedProvider('response_1.xml'));
    expect((await api.get('/search')).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    proxy?.thaw();
    await api?.close();
    await proxy?.cut();
    await database?.dispose();
  }, 30_000);

  it('answers 503 within seconds, probes included, while PostgreSQL keeps its connections open and answers nothing', async () => {
    proxy.freeze();
    try {
      const started = Date.now();
      const answers = await Promise.all([
        api.get('/search?starts_at=2031-01-01T00:00:00&ends_at=2031-12-31T00:00:00'),
        api.get('/events?starts_at=2031-01-01T00:00:00'),
        api.get('/health/ready'),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(((await answers[0].json()) as { error: { code: string } }).error.code).toBe('EVENT_STORE_UNAVAILABLE');
    } finally {
      proxy.thaw();
    }
    expect((await api.get('/events?pageSize=3')).status).toBe(200);
  }, 30_000);

  it('answers the admin routes 503 within seconds, not 500 nor never, while PostgreSQL answers nothing', async () => {
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    proxy.freeze();
    try {
      const started = Date.now();
      const answers = await Promise.all([api.get('/admin/sync-runs', admin), fetch(`${api.baseUrl}/admin/sync-runs`, { method: 'POST', headers: admin })]);

      expect(answers.map((answer) => answer.status)).toEqual([503, 503]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answers.map((answer) => answer.headers.get('retry-after'))).toEqual(['5', '5']);
    } finally {
      proxy.thaw();
    }
    expect((await api.get('/admin/sync-runs', admin)).status).toBe(200);
  }, 30_000);

  it('drops a connection whose answer never came instead of sending the next search down it', async () => {
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    // Connections in the pool first, so that the requests below are sent and their answers never come.
    expect((await Promise.all([api.get('/events?pageSize=30'), api.get('/admin/sync-runs', admin)])).map((answer) => answer.status)).toEqual([200, 200]);
    proxy.freeze();
    try {
      expect((await Promise.all([api.get('/events?pageSize=31'), api.get('/admin/sync-runs', admin)])).map((answer) => answer.status)).toEqual([503, 503]);
      proxy.thawNewConnections();
      // Every pooled connection is silent now: each may fail one search before it is dropped, and no more.
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 12 && statuses.at(-1) !== 200; attempt++) {
        statuses.push((await api.get(`/events?pageSize=${attempt + 1}`)).status);
      }
      expect(statuses.at(-1)).toBe(200);
      const after = await Promise.all([21, 22, 23, 24].map((size) => api.get(`/events?pageSize=${size}`)));
      expect(after.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    } finally {
      proxy.thaw();
    }
  }, 60_000);

  it('answers 503, not 500, when PostgreSQL is gone before the API served its first search', async () => {
    const fresh = await apiThroughProxy();
    await proxy.cut();
    try {
      const answers = await Promise.all([fresh.get('/search'), fresh.get('/events')]);

      expect(answers.map((answer) => answer.status)).toEqual([503, 503]);
      expect(fresh.logs().filter((line) => line.level === 'error')).toEqual([]);
    } finally {
      await proxy.restore();
      await fresh.close();
    }
  }, 60_000);
});

describe('bounded answers over HTTP', () => {
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
    api = await startApi({ DATABASE_URL: database.url, CACHE_TTL_SECONDS: '60', SEARCH_MAX_EVENTS: '2', SEARCH_STATEMENT_TIMEOUT_MS: '1500' });
    await api.sync(new SampleFeedProvider('response_1.xml', 'response_2.xml', 'response_3.xml'));
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await database?.dispose();
  }, 30_000);

  it('refuses a /search window holding more than SEARCH_MAX_EVENTS, saying to narrow it or use /events', async () => {
    const response = await api.get('/search');
    const body = await response.json();
    expect(response.status).toBe(400);
    conformsToContract.error(body);
    expect(body).toEqual({
      error: { code: 'TOO_MANY_EVENTS', message: expect.stringMatching(/more than 2 events.*narrow it .*GET \/events/) },
      data: null,
    });
  });

  it('answers a window holding at most SEARCH_MAX_EVENTS, and pages /events through more', async () => {
    expect((await api.get('/search?starts_at=2021-06-01')).status).toBe(200);
    const page = (await (await api.get('/events?pageSize=1&page=3')).json()) as { data: { totalRows: number; events: unknown[] } };
    expect(page.data.totalRows).toBe(3);
    expect(page.data.events).toHaveLength(1);
  });

  it('walks /events by cursor to the end, every event once, with the same totals', async () => {
    interface Page {
      data: { events: { id: string }[]; totalRows: number; nextCursor: string | null };
    }
    for (const order of ['sortBy=title&sortDir=desc', 'sortBy=max_price&sortDir=asc', 'sortBy=starts_at&sortDir=asc']) {
      const byPage = (await (await api.get(`/events?pageSize=100&${order}`)).json()) as Page;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await api.get(`/events?pageSize=1&${order}${cursor ? `&cursor=${cursor}` : ''}`);
        const page = (await response.json()) as Page;
        expect({ order, status: response.status, totalRows: page.data.totalRows }).toEqual({ order, status: 200, totalRows: 3 });
        conformsToContract.events(page);
        seen.push(...page.data.events.map((event) => event.id));
        cursor = page.data.nextCursor;
      } while (cursor !== null && seen.length < 10);
      expect({ order, seen }).toEqual({ order, seen: byPage.data.events.map((event) => event.id) });
    }
  });

  it('refuses /events pages deeper than 10,000 events, pointing to the cursor', async () => {
    const response = await api.get('/events?page=999999999&pageSize=100&sortBy=title');
    const body = (await response.json()) as { error: unknown };
    expect(response.status).toBe(400);
    conformsToContract.error(body);
    expect(body.error).toEqual({ code: 'INVALID_PARAMETER', message: expect.stringMatching(/page × pageSize must be at most 10000.*nextCursor.*cursor/) });
  });

  it("runs the API's searches under SEARCH_STATEMENT_TIMEOUT_MS", async () => {
    const [{ statement_timeout }] = await api.app.get(SearchDatabase).dataSource.query('SHOW statement_timeout');
    expect(statement_timeout).toBe('1500ms');
  });
});
