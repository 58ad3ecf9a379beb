import { randomInt } from 'node:crypto';
import { TEST_REDIS_URL, apisOnOneDatabase } from './api-test-app';
import { conformsToContract } from './contract';

/** A client address no other run uses, so counters kept in the shared Redis start at zero. */
const someClient = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe('protection over HTTP: security headers and rate limits', () => {
  const withApis = apisOnOneDatabase();

  describe('security headers', () => {
    it.each([
      ['a 200', '/search'],
      ['a cache hit', '/search'],
      ['a 304', '/search'],
      ['a 400', '/search?starts_at=nope'],
      ['a 404', '/nowhere'],
      ['the docs', '/docs'],
      ['a docs asset', '/docs/swagger-ui-init.js'],
      ['the metrics', '/metrics'],
    ])('are on %s', async (what, path) =>
      withApis(1, { CACHE_TTL_SECONDS: '60' }, async (api) => {
        const first = await api.get(path);
        const etag = first.headers.get('etag');
        const response = what === 'a 304' && etag ? await api.get(path, { 'if-none-match': etag }) : what === 'a cache hit' ? await api.get(path) : first;
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
        expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
        if (what === 'a 304') expect(response.status).toBe(304);
      }),
    );

    it('keep Swagger UI working: its scripts are same-origin files, its styles may be inline, nothing is upgraded to https', async () =>
      withApis(1, {}, async (api) => {
        const page = await api.get('/docs');
        const csp = page.headers.get('content-security-policy') as string;
        const scripts = [...(await page.text()).matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
        expect(csp).toMatch(/script-src 'self'/);
        expect(csp).toMatch(/style-src 'self' https: 'unsafe-inline'/);
        expect(csp).not.toMatch(/upgrade-insecure-requests/);
        expect(scripts.length).toBeGreaterThan(0);
        for (const script of scripts) {
          const asset = await api.get(`/docs/${script.replace(/^\.?\/?(docs\/)?/, '')}`);
          await asset.arrayBuffer();
          expect({ script, status: asset.status }).toEqual({ script, status: 200 });
        }
      }),
    );
  });

  describe('rate limit', () => {
    it('is off without RATE_LIMIT_PER_MINUTE', async () =>
      withApis(1, {}, async (api) => {
        const answers = await Promise.all(Array.from({ length: 20 }, () => api.get('/health')));
        expect(answers.every((answer) => answer.status === 200)).toBe(true);
        expect(answers[0].headers.get('ratelimit-limit')).toBeNull();
      }),
    );

    it('answers 429 in the envelope past the limit, with Retry-After, RateLimit headers and the request id', async () =>
      withApis(1, { RATE_LIMIT_PER_MINUTE: '3', CACHE_TTL_SECONDS: '60' }, async (api) => {
        const allowed = [await api.get('/search'), await api.get('/search'), await api.get('/search')];
        const refused = await api.get('/search', { 'x-request-id': 'over-the-limit' });
        const body = await refused.json();
        expect(allowed.map((answer) => answer.status)).toEqual([200, 200, 200]);
        expect(allowed[2].headers.get('ratelimit-remaining')).toBe('0');
        expect(refused.status).toBe(429);
        conformsToContract.error(body);
        expect(body).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/more than 3 requests a minute/) }, data: null });
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused.headers.get('ratelimit-limit')).toBe('3');
        expect(refused.headers.get('x-request-id')).toBe('over-the-limit');
        expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
      }),
    );

    it('counts requests no route matches against the same limit: 404s and undecodable paths', async () =>
      withApis(1, { RATE_LIMIT_PER_MINUTE: '3' }, async (api) => {
        const answers = [await api.get('/nowhere'), await api.get('/search'), await api.get('/%zz'), await api.get('/nowhere')];

        expect(answers.map((answer) => answer.status)).toEqual([404, 200, 400, 429]);
        expect(((await answers[3].json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_REQUESTS');
        expect(answers[3].headers.get('x-content-type-options')).toBe('nosniff');
      }),
    );

    it('counts CORS preflights against the same limit', async () =>
      withApis(1, { RATE_LIMIT_PER_MINUTE: '2', CORS_ORIGINS: 'https://shop.example' }, async (api) => {
        const preflight = () =>
          fetch(`${api.baseUrl}/search`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' } });
        const answers = [await preflight(), await preflight(), await api.get('/search')];

        expect(answers.map((answer) => answer.status)).toEqual([204, 204, 429]);
      }),
    );

    it('never limits /health, /health/ready and /metrics', async () =>
      withApis(1, { RATE_LIMIT_PER_MINUTE: '2' }, async (api) => {
        for (const path of ['/health', '/health/ready', '/metrics']) {
          const answers = await Promise.all(Array.from({ length: 5 }, () => api.get(path)));
          expect({ path, limited: answers.filter((answer) => answer.status === 429).length }).toEqual({ path, limited: 0 });
        }
      }),
    );

    it('counts in Redis, so replicas agree, per client address taken from X-Forwarded-For behind TRUST_PROXY', async () =>
      withApis(2, { RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: TEST_REDIS_URL, TRUST_PROXY: 'true' }, async (first, second) => {
        const client = { 'x-forwarded-for': someClient() };
        const statuses = [];
        for (const api of [first, second, first, second, first]) statuses.push((await api.get('/search', client)).status);
        const otherClient = await second.get('/search', { 'x-forwarded-for': someClient() });
        expect(statuses).toEqual([200, 200, 200, 200, 429]);
        expect(otherClient.status).toBe(200);
      }),
    );
  });
});
