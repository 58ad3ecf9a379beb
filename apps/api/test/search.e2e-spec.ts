import { AddressInfo, connect, createServer } from 'node:net';
import { createClient } from 'redis';
import { EventListingEntry } from '@contexts/events/domain/event-summary';
import { EventIdentity } from '@contexts/events/domain/value-objects/event-identity.value-object';
import { EventsDatabase } from '@contexts/events/infrastructure/persistence/events-database';
import { SearchDatabase } from '@contexts/events/infrastructure/persistence/search-database';
import { renameStoredEvent } from '@contexts/events/testing/stored-events';
import { TestDatabase } from '@shared/testing/test-databases';
import { RunningApi, TEST_REDIS_URL, databaseWithUnusedVersions, startApi } from './api-test-app';
import { EVENT_SUMMARY_FIELDS, contract, conformsToContract } from './contract';
import { SampleFeedProvider } from './sample-feed.provider';

type Summary = EventListingEntry;

interface EventsBody {
  data: { events: Summary[]; page?: number; pageSize?: number; totalRows?: number; totalPages?: number };
  error: null;
}

interface ErrorBody {
  error: { code: string; message: string };
  data: null;
}

interface Schema {
  type?: string;
  format?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
}

interface OpenApiDocument {
  paths: Record<string, { get: { operationId: string; parameters: { name: string; in: string; required: boolean }[]; responses: object } }>;
  components: { schemas: Record<string, Schema> };
}

const id = (baseEventId: string, eventId: string) => EventIdentity.of('default', baseEventId, eventId).id;

// The contract's example after the three real responses: 322 vanished in R2 but was on sale once,
// 444 was never online (and its 2021-09-31 does not exist).
const PANTOMIMA: Summary = {
  id: id('322', '1642'),
  title: 'Pantomima Full',
  start_date: '2021-02-10',
  start_time: '20:00:00',
  end_date: '2021-02-10',
  end_time: '21:30:00',
  min_price: 55,
  max_price: 55,
};
const CAMELA: Summary = {
  id: id('291', '291'),
  title: 'Camela en concierto',
  start_date: '2021-06-30',
  start_time: '21:00:00',
  end_date: '2021-06-30',
  end_time: '21:30:00',
  min_price: 15,
  max_price: 30,
};
const MORANCOS: Summary = {
  id: id('1591', '1642'),
  title: 'Los Morancos',
  start_date: '2021-07-31',
  start_time: '20:00:00',
  end_date: '2021-07-31',
  end_time: '21:00:00',
  min_price: 65,
  max_price: 75,
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the events API over HTTP, on PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let api: RunningApi;

  async function ok(path: string): Promise<{ body: EventsBody; response: Response }> {
    const response = await api.get(path);
    const body = (await response.json()) as EventsBody;
    expect({ path, status: response.status, body }).toMatchObject({ status: 200 });
    if (path.startsWith('/search')) conformsToContract.search(body);
    else conformsToContract.events(body);
    return { body, response };
  }

  async function search(query = ''): Promise<Summary[]> {
    return (await ok(`/search${query}`)).body.data.events;
  }

  async function titles(path: string): Promise<string[]> {
    return (await ok(path)).body.data.events.map((event: Summary) => event.title);
  }

  async function rejected(path: string, status = 400): Promise<{ code: string; message: string }> {
    const response = await api.get(path);
    const body = (await response.json()) as ErrorBody;
    expect({ path, status: response.status }).toEqual({ path, status });
    conformsToContract.error(body);
    expect(body.data).toBeNull();
    return body.error;
  }

  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
    api = await startApi({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, CACHE_TTL_SECONDS: '60' });
    const feed = new SampleFeedProvider('response_1.xml', 'response_2.xml', 'response_3.xml');
    for (let run = 0; run < 3; run += 1) await api.sync(feed);
    await api.dataVersionCaughtUp();
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await database?.dispose();
  }, 30_000);

  describe('GET /search', () => {
    it('answers the contract example: every event ever online, with its latest values, by start', async () => {
      const { body, response } = await ok('/search?starts_at=2021-01-01T00:00:00Z&ends_at=2021-12-31T23:59:59Z');

      expect(body).toEqual({ data: { events: [PANTOMIMA, CAMELA, MORANCOS] }, error: null });
      expect(Object.keys(body.data.events[0])).toEqual(EVENT_SUMMARY_FIELDS);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('returns every event without bounds', async () => {
      await expect(search()).resolves.toEqual([PANTOMIMA, CAMELA, MORANCOS]);
    });

    it('includes an event that starts and ends exactly on the bounds', async () => {
      await expect(search('?starts_at=2021-06-30T21:00:00&ends_at=2021-06-30T21:30:00')).resolves.toEqual([CAMELA]);
    });

    it('excludes an event one second outside either bound', async () => {
      await expect(search('?starts_at=2021-06-30T21:00:01&ends_at=2021-06-30T21:30:00')).resolves.toEqual([]);
      await expect(search('?starts_at=2021-06-30T21:00:00&ends_at=2021-06-30T21:29:59')).resolves.toEqual([]);
    });

    it('excludes an event that only overlaps the window', async () => {
      await expect(search('?starts_at=2021-06-30T21:15:00&ends_at=2021-12-31T00:00:00')).resolves.toEqual([MORANCOS]);
    });

    it('filters by each bound alone', async () => {
      await expect(search('?starts_at=2021-06-30T21:00:00')).resolves.toEqual([CAMELA, MORANCOS]);
      await expect(search('?ends_at=2021-06-30T21:30:00')).resolves.toEqual([PANTOMIMA, CAMELA]);
    });

    it('converts a bound with an offset to UTC, encoded or not', async () => {
      await expect(search('?starts_at=2021-06-30T23:00:00%2B02:00&ends_at=2021-06-30T23:30:00%2B02:00')).resolves.toEqual([CAMELA]);
      await expect(search('?starts_at=2021-06-30T23:00:00+02:00&ends_at=2021-06-30T23:30:00+02:00')).resolves.toEqual([CAMELA]);
      await expect(search('?starts_at=2021-06-30T21:00:00.000Z&ends_at=2021-06-30T21:30:00Z')).resolves.toEqual([CAMELA]);
    });

    it('reads a date alone as the whole day', async () => {
      await expect(search('?starts_at=2021-06-30&ends_at=2021-06-30')).resolves.toEqual([CAMELA]);
    });

    it('answers 200 with an empty list when nothing matches', async () => {
      const { body } = await ok('/search?starts_at=2030-01-01T00:00:00Z');

      expect(body).toEqual({ data: { events: [] }, error: null });
    });

    it('answers a window within one second, whose bounds round past each other, with no event: /search 200, /events 404', async () => {
      const window = '?starts_at=2021-06-30T20:00:00.5Z&ends_at=2021-06-30T20:00:00.7Z';

      expect((await ok(`/search${window}`)).body.data.events).toEqual([]);
      await expect(rejected(`/events${window}`, 404)).resolves.toMatchObject({ code: 'NO_EVENTS_FOUND' });
    });

    it.each([
      ['/search?starts_at=2021-02-30T00:00:00Z', 'INVALID_PARAMETER', /^starts_at must be an ISO 8601 date-time.*\(day 30 does not exist in 2021-02\)$/],
      ['/search?ends_at=2021-02-30', 'INVALID_PARAMETER', /^ends_at must be .*\(day 30 does not exist in 2021-02\)$/],
      ['/search?starts_at=tomorrow', 'INVALID_PARAMETER', /^starts_at must be an ISO 8601 date-time such as .*, got "tomorrow"$/],
      ['/search?starts_at=', 'INVALID_PARAMETER', /^starts_at must be .*, got ""$/],
      ['/search?ends_at=2021-06-30T21:00:00%2B25:00', 'INVALID_PARAMETER', /^ends_at must be .*\(offset 25:00 does not exist\)$/],
      ['/search?starts_at=2021-07-01&ends_at=2021-06-30', 'INVALID_DATE_RANGE', /^ends_at must not be before starts_at/],
      ['/search?start=2021-07-01', 'UNKNOWN_PARAMETER', /^unknown parameter start \(accepted: starts_at, ends_at\)$/],
      ['/search?page=1', 'UNKNOWN_PARAMETER', /^unknown parameter page/],
      ['/search?starts_at=2021-01-01&starts_at=2021-02-01', 'REPEATED_PARAMETER', /^starts_at must be given at most once$/],
    ])('rejects %s with a 400 that says what is wrong', async (path, code, message) => {
      await expect(rejected(path)).resolves.toEqual({ code, message: expect.stringMatching(message) });
    });
  });

  describe('GET /events', () => {
    it('pages with totals: 20 by start by default', async () => {
      const { body } = await ok('/events');

      expect(body).toEqual({
        data: { events: [PANTOMIMA, CAMELA, MORANCOS], page: 1, pageSize: 20, totalRows: 3, totalPages: 1, nextCursor: null },
        error: null,
      });
    });

    it('walks every page once, in order, without overlap', async () => {
      const first = (await ok('/events?pageSize=2')).body.data;
      const second = (await ok('/events?pageSize=2&page=2')).body.data;

      expect(first).toEqual({ events: [PANTOMIMA, CAMELA], page: 1, pageSize: 2, totalRows: 3, totalPages: 2, nextCursor: expect.any(String) });
      expect(second).toEqual({ events: [MORANCOS], page: 2, pageSize: 2, totalRows: 3, totalPages: 2, nextCursor: null });
      const walked: Summary[] = [];
      for (let page = 1; page <= 3; page += 1) walked.push(...(await ok(`/events?pageSize=1&page=${page}`)).body.data.events);
      expect(walked).toEqual(await search());
    });

    it('answers a page past the end with no events and the totals', async () => {
      const { body } = await ok('/events?page=5&pageSize=2');

      expect(body.data).toEqual({ events: [], page: 5, pageSize: 2, totalRows: 3, totalPages: 2, nextCursor: null });
    });

    it('applies the window as /search does', async () => {
      await expect(titles('/events?starts_at=2021-06-30T21:00:00&ends_at=2021-06-30T21:30:00')).resolves.toEqual(['Camela en concierto']);
    });

    it.each([
      ['starts_at', ['Pantomima Full', 'Camela en concierto', 'Los Morancos']],
      ['ends_at', ['Pantomima Full', 'Camela en concierto', 'Los Morancos']],
      ['title', ['Camela en concierto', 'Los Morancos', 'Pantomima Full']],
      ['min_price', ['Camela en concierto', 'Pantomima Full', 'Los Morancos']],
      ['max_price', ['Camela en concierto', 'Pantomima Full', 'Los Morancos']],
    ])('sorts by %s both ways', async (sortBy, ascending) => {
      await expect(titles(`/events?sortBy=${sortBy}`)).resolves.toEqual(ascending);
      await expect(titles(`/events?sortBy=${sortBy}&sortDir=asc`)).resolves.toEqual(ascending);
      await expect(titles(`/events?sortBy=${sortBy}&sortDir=desc`)).resolves.toEqual([...ascending].reverse());
    });

    it('answers 404 in the error envelope when the window holds no events at all', async () => {
      await expect(rejected('/events?starts_at=2030-01-01T00:00:00Z', 404)).resolves.toEqual({
        code: 'NO_EVENTS_FOUND',
        message: 'no event lies within the requested window',
      });
    });

    it.each([
      ['/events?page=0', 'INVALID_PARAMETER', 'page must be a whole number of at least 1, got 0'],
      ['/events?page=abc', 'INVALID_PARAMETER', 'page must be a whole number of at least 1, got "abc"'],
      ['/events?page=1.5', 'INVALID_PARAMETER', 'page must be a whole number of at least 1, got "1.5"'],
      ['/events?pageSize=0', 'INVALID_PARAMETER', 'pageSize must be a whole number from 1 to 100, got 0'],
      ['/events?pageSize=101', 'INVALID_PARAMETER', 'pageSize must be a whole number from 1 to 100, got 101'],
      ['/events?sortBy=foo', 'INVALID_PARAMETER', 'sortBy must be one of starts_at, ends_at, title, min_price, max_price, got "foo"'],
      ['/events?sortDir=sideways', 'INVALID_PARAMETER', 'sortDir must be one of asc, desc, got "sideways"'],
      ['/events?page=1&page=2', 'REPEATED_PARAMETER', 'page must be given at most once'],
      ['/events?limit=5', 'UNKNOWN_PARAMETER', 'unknown parameter limit (accepted: starts_at, ends_at, page, pageSize, sortBy, sortDir, cursor)'],
      ['/events?starts_at=2021-02-30', 'INVALID_PARAMETER', expect.stringMatching(/day 30 does not exist/)],
      ['/events?starts_at=2021-07-01&ends_at=2021-06-30', 'INVALID_DATE_RANGE', expect.stringMatching(/^ends_at must not be before starts_at/)],
    ])('rejects %s with a 400', async (path, code, message) => {
      await expect(rejected(path)).resolves.toEqual({ code, message });
    });
  });

  describe('errors and documentation', () => {
    it('answers an unknown route with a 404 in the envelope', async () => {
      await expect(rejected('/nowhere', 404)).resolves.toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('/nowhere') });
    });

    it('answers another method on a known route with a 404 in the envelope', async () => {
      const response = await fetch(`${api.baseUrl}/search`, { method: 'POST' });

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Cannot POST /search' }, data: null });
    });

    it('answers a URL Fastify cannot decode with a 400 in the envelope', async () => {
      await expect(rejected('/%')).resolves.toEqual({
        code: 'INVALID_URL',
        message: 'the path is not a valid URL: encode every % as %25 and other special characters as %XX',
      });
    });

    it.each(['/%zz', '/search/%ff?x=1', '/docs/static/%ff'])('answers %s through the whole pipeline: request id, security headers, metrics', async (path) => {
      const countOf = async () => {
        const metrics = await (await api.get('/metrics')).text();
        const lines = metrics.split('\n').filter((text) => text.startsWith('http_request_duration_seconds_count{') && text.includes('status_code="400"'));
        return lines.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
      };
      const before = await countOf();

      const response = await api.get(path, { 'x-request-id': 'bad-url-1' });

      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_URL');
      expect(response.headers.get('x-request-id')).toBe('bad-url-1');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await countOf()).toBe(before + 1);
    });

    /** One raw HTTP/1.1 exchange: what fetch cannot send (no Host) or would refuse to (an odd Expect). */
    async function rawExchange(request: string): Promise<string> {
      const socket = connect(Number(new URL(api.baseUrl).port), '127.0.0.1');
      let received = '';
      socket.on('data', (data) => (received += data.toString('utf8')));
      const closed = new Promise((resolve) => socket.on('close', resolve));
      socket.write(request);
      await closed;
      return received;
    }

    it('answers an HTTP/1.1 request without Host with a 400 in the envelope, through the pipeline', async () => {
      const answer = await rawExchange('GET /search HTTP/1.1\r\nX-Request-Id: no-host-1\r\nConnection: close\r\n\r\n');

      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/^x-request-id: no-host-1\r$/im);
      expect(answer).toMatch(/^x-content-type-options: nosniff\r$/im);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
        data: null,
        error: { code: 'MISSING_HOST', message: 'an HTTP/1.1 request must carry a Host header' },
      });
    });

    it('serves a request whose Expect it does not know like any other, through the pipeline', async () => {
      const answer = await rawExchange('GET /search?starts_at=2030-01-01 HTTP/1.1\r\nHost: x\r\nExpect: something\r\nX-Request-Id: expect-1\r\nConnection: close\r\n\r\n');

      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toMatch(/^x-request-id: expect-1\r$/im);
      expect(answer).toMatch(/^x-content-type-options: nosniff\r$/im);
    });

    it('serves Swagger UI and an OpenAPI document whose /search matches the contract', async () => {
      expect((await api.get('/docs')).status).toBe(200);
      const document = (await (await api.get('/openapi.json')).json()) as OpenApiDocument;

      const operation = document.paths['/search'].get;
      expect(operation.operationId).toBe('searchEvents');
      expect(operation.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
        ['starts_at', 'query', false],
        ['ends_at', 'query', false],
      ]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '500']));
      const ours = document.components.schemas.EventSummary;
      const theirs: Schema = contract.components.schemas.EventSummary;
      expect([...(ours.required ?? [])].sort()).toEqual([...(theirs.required ?? [])].sort());
      for (const [field, schema] of Object.entries(theirs.properties ?? {})) {
        expect({ field, ...essentials(ours.properties?.[field]) }).toEqual({ field, ...essentials(schema) });
      }
      const envelope = document.components.schemas.SearchEventsResponse;
      expect([...(envelope.required ?? [])].sort()).toEqual(['data', 'error']);
      expect(envelope.properties?.error).toMatchObject({ type: 'object', nullable: true });
      expect(document.paths['/events'].get.parameters.map((p) => p.name)).toEqual([
        'starts_at',
        'ends_at',
        'page',
        'pageSize',
        'sortBy',
        'sortDir',
        'cursor',
      ]);
    });
  });

  describe('HTTP caching', () => {
    it('tags a 200 with a strong ETag and lets caches keep it for the TTL', async () => {
      const response = await api.get('/search');

      expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    });

    it('lets no cache keep an error: 400 and 404 say no-store', async () => {
      const answers = await Promise.all([api.get('/search?starts_at=tomorrow'), api.get('/events?starts_at=2030-01-01')]);

      expect(answers.map((answer) => answer.status)).toEqual([400, 404]);
      expect(answers.map((answer) => answer.headers.get('cache-control'))).toEqual(['no-store', 'no-store']);
    });

    it('answers 304 with no body when If-None-Match holds the current ETag, weak or in a list', async () => {
      const etag = (await api.get('/events?pageSize=2')).headers.get('etag') as string;

      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const revalidated = await api.get('/events?pageSize=2', { 'if-none-match': ifNoneMatch });
        expect({ ifNoneMatch, status: revalidated.status, body: await revalidated.text() }).toEqual({ ifNoneMatch, status: 304, body: '' });
        expect(revalidated.headers.get('etag')).toBe(etag);
      }
      const changed = await api.get('/events?pageSize=2', { 'if-none-match': '"something-else"' });
      expect(changed.status).toBe(200);
    });

    it('answers a HEAD revalidation 304 too', async () => {
      const etag = (await api.get('/search')).headers.get('etag') as string;

      const revalidated = await fetch(`${api.baseUrl}/search`, { method: 'HEAD', headers: { 'if-none-match': etag } });

      expect({ status: revalidated.status, etag: revalidated.headers.get('etag') }).toEqual({ status: 304, etag });
    });

    it('gives the same ETag to the same body however the request was written', async () => {
      const utc = await api.get('/search?starts_at=2021-06-30T21:00:00Z');
      const madrid = await api.get('/search?starts_at=2021-06-30T23:00:00%2B02:00');

      expect(madrid.headers.get('etag')).toBe(utc.headers.get('etag'));
    });
  });

  describe('the read-through cache', () => {
    const CAMELA_ONLY = '?starts_at=2021-06-30T21:00:00Z&ends_at=2021-06-30T21:30:00Z';

    async function renameInDatabase(eventId: string, title: string): Promise<void> {
      await renameStoredEvent(api.app.get(EventsDatabase).dataSource.manager, eventId, title);
    }

    it('keeps its entries in Redis, under the current data version', async () => {
      await search(CAMELA_ONLY);
      const redis = createClient({ url: TEST_REDIS_URL });
      await redis.connect();
      try {
        const keys = await redis.keys(`events:search:${await api.dataVersionCaughtUp()}:*`);
        expect(keys.length).toBeGreaterThan(0);
      } finally {
        await redis.disconnect();
      }
    });

    it('answers a repeated query from the cache, equivalent spellings included, until the data version moves', async () => {
      await expect(search(CAMELA_ONLY)).resolves.toEqual([CAMELA]);
      // Behind the cache's back: no sync, so no new version.
      await renameInDatabase(CAMELA.id, 'Renamed behind the cache');
      try {
        await expect(search(CAMELA_ONLY)).resolves.toEqual([CAMELA]);
        await expect(search('?starts_at=2021-06-30T23:00:00%2B02:00&ends_at=2021-06-30T23:30:00%2B02:00')).resolves.toEqual([CAMELA]);
        await expect(search('?starts_at=2021-06-30T21:00:00&ends_at=2021-06-30T21:30:00.5')).resolves.toEqual([CAMELA]);
        // A query never asked before goes to the database.
        await expect(search('?starts_at=2021-06-30T20:59:00Z&ends_at=2021-06-30T21:30:00Z')).resolves.toEqual([
          { ...CAMELA, title: 'Renamed behind the cache' },
        ]);
      } finally {
        await renameInDatabase(CAMELA.id, CAMELA.title);
      }
    });

    it('never serves a result older than the last sync that changed something', async () => {
      await expect(search(CAMELA_ONLY)).resolves.toEqual([CAMELA]);
      const before = await api.dataVersionCaughtUp();

      // R2 again: Camela ends at 22:00 once more, outside the window.
      await api.sync(new SampleFeedProvider('response_2.xml'));
      const after = await api.dataVersionCaughtUp();

      expect(after).toBeGreaterThan(before);
      await expect(search(CAMELA_ONLY)).resolves.toEqual([]);
      await expect(search('?starts_at=2021-06-30T21:00:00Z&ends_at=2021-06-30T22:00:00Z')).resolves.toEqual([
        { ...CAMELA, end_time: '22:00:00' },
      ]);
      expect(await cacheRequests(api, 'error')).toBe(0);
    });
  });

  describe('a repeated request, through the whole pipeline', () => {
    async function answer(path: string, headers: Record<string, string> = {}) {
      const response = await api.get(path, headers);
      const sent = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id'));
      return { status: response.status, headers: sent, requestId: response.headers.get('x-request-id'), body: await response.text() };
    }

    it('answers a repeat exactly as the first time, with its own request id, 304 included', async () => {
      const path = '/events?starts_at=2021-02-01&pageSize=3&sortBy=title';
      const first = await answer(path, { 'x-request-id': 'first' });

      expect(first.headers).toMatchObject({ 'cache-control': 'public, max-age=60', etag: expect.stringMatching(/^"/) });
      await expect(answer(path, { 'x-request-id': 'repeat' })).resolves.toEqual({ ...first, requestId: 'repeat' });
      await expect(answer(path, { 'if-none-match': first.headers.etag, 'x-request-id': 'revalidation' })).resolves.toEqual({
        status: 304,
        // The same headers, security ones included, less those describing a body.
        headers: Object.fromEntries(Object.entries(first.headers).filter(([name]) => name !== 'content-type' && name !== 'content-length')),
        requestId: 'revalidation',
        body: '',
      });
    });

    it('keeps query strings apart', async () => {
      const camela = '/search?starts_at=2021-06-30&ends_at=2021-06-30';
      const morancos = '/search?starts_at=2021-07-31&ends_at=2021-07-31';

      for (let round = 0; round < 2; round += 1) {
        await expect(titles(camela)).resolves.toEqual([CAMELA.title]);
        await expect(titles(morancos)).resolves.toEqual([MORANCOS.title]);
      }
    });

    it('still rejects an invalid query on every request', async () => {
      for (let round = 0; round < 3; round += 1) {
        await expect(rejected('/search?starts_at=2021-02-30')).resolves.toMatchObject({ code: 'INVALID_PARAMETER' });
      }
    });

    it('shows new data on the first request after the data version moves', async () => {
      const path = '?starts_at=2021-02-10&ends_at=2021-02-10';
      await expect(search(path)).resolves.toEqual([PANTOMIMA]);
      await expect(search(path)).resolves.toEqual([PANTOMIMA]);
      const dataSource = api.app.get(EventsDatabase).dataSource;
      await renameStoredEvent(dataSource.manager, PANTOMIMA.id, 'Renamed');
      try {
        await expect(search(path)).resolves.toEqual([PANTOMIMA]);

        await dataSource.query('UPDATE data_version SET version = version + 1 WHERE id = 1');
        await api.dataVersionCaughtUp();

        await expect(search(path)).resolves.toEqual([{ ...PANTOMIMA, title: 'Renamed' }]);
      } finally {
        await renameStoredEvent(dataSource.manager, PANTOMIMA.id, PANTOMIMA.title);
        await dataSource.query('UPDATE data_version SET version = version + 1 WHERE id = 1');
        await api.dataVersionCaughtUp();
      }
    });
  });

  describe('with Redis unreachable', () => {
    let withoutRedis: RunningApi;

    beforeAll(async () => {
      withoutRedis = await startApi({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    }, 30_000);

    afterAll(async () => {
      await withoutRedis?.close();
    });

    it('still answers every request from the database, quickly, counting the cache failures', async () => {
      for (const path of ['/search', '/search?starts_at=2021-06-30', '/events?pageSize=1', '/search']) {
        const started = performance.now();
        const response = await withoutRedis.get(path);
        const body = await response.json();
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(performance.now() - started).toBeLessThan(1_000);
        if (path.startsWith('/search')) conformsToContract.search(body);
        else conformsToContract.events(body);
      }
      expect(await cacheRequests(withoutRedis, 'error')).toBeGreaterThan(0);
    });
  });

  describe('with the cache switched off (CACHE_TTL_SECONDS=0)', () => {
    let uncached: RunningApi;

    beforeAll(async () => {
      uncached = await startApi({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, CACHE_TTL_SECONDS: '0' });
    }, 30_000);

    afterAll(async () => {
      await uncached?.close();
    });

    it('tells HTTP caches to revalidate, and still supports it', async () => {
      const response = await uncached.get('/search');
      const etag = response.headers.get('etag') as string;

      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect((await uncached.get('/search', { 'if-none-match': etag })).status).toBe(304);
    });

    it('reads the database on every request', async () => {
      const dataSource = uncached.app.get(EventsDatabase).dataSource;
      const path = '/search?ends_at=2021-02-10T21:30:00Z';
      const events = async () => ((await (await uncached.get(path)).json()) as EventsBody).data.events;
      expect(await events()).toEqual([PANTOMIMA]);
      await renameStoredEvent(dataSource.manager, PANTOMIMA.id, 'Renamed');
      try {
        expect(await events()).toEqual([{ ...PANTOMIMA, title: 'Renamed' }]);
      } finally {
        await renameStoredEvent(dataSource.manager, PANTOMIMA.id, PANTOMIMA.title);
      }
    });

    it('answers an unexpected failure with a 500 in the envelope, without internals', async () => {
      await uncached.app.get(SearchDatabase).dataSource.destroy();

      const response = await uncached.get('/search');
      const body = await response.json();

      expect(response.status).toBe(500);
      conformsToContract.error(body);
      expect(body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' }, data: null });
    });
  });
});

/** events_cache_requests_total{result} as /metrics shows it. */
async function cacheRequests(api: RunningApi, result: string): Promise<number> {
  const metrics = await (await api.get('/metrics')).text();
  const line = new RegExp(`^events_cache_requests_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(metrics);
  if (!line) throw new Error(`no events_cache_requests_total{result="${result}"} in /metrics`);
  return Number(line[1]);
}

/** What a client relies on in a field's schema; an absent `nullable` means false. */
function essentials(schema: Schema | undefined): Schema {
  return { type: schema?.type, format: schema?.format, nullable: schema?.nullable ?? false };
}
