import { connect } from 'node:net';
import { TestDatabase } from '@shared/testing/test-databases';
import { RunningApi, databaseWithUnusedVersions, startApi } from './api-test-app';
import { conformsToContract } from './contract';

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/** Sends bytes no HTTP client library would, and reads the whole answer. */
async function rawRequest(baseUrl: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  socket.write(request);
  await new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  const text = Buffer.concat(chunks).toString('utf8');
  const [head, ...rest] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') };
}

describe('hostile and malformed requests over HTTP', () => {
  let database: TestDatabase;
  let api: RunningApi;

  async function rejected(path: string, status = 400): Promise<{ code: string; message: string }> {
    const response = await api.get(path);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect({ path, status: response.status }).toEqual({ path, status });
    conformsToContract.error(body);
    return body.error;
  }

  beforeAll(async () => {
    database = await databaseWithUnusedVersions();
    api = await startApi({ DATABASE_URL: database.url, CACHE_TTL_SECONDS: '0' });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await database?.dispose();
  }, 30_000);

  it.each([
    '/search?starts_at=0000-01-01',
    '/search?ends_at=0000-12-31T23:59:59',
    '/search?starts_at=0001-01-01T00:30:00%2B01:00',
    '/events?starts_at=0000-06-01T00:00:00Z',
    '/search?ends_at=10000-01-01',
  ])('refuses a year PostgreSQL cannot store: %s', async (path) => {
    await expect(rejected(path)).resolves.toMatchObject({ code: 'INVALID_PARAMETER', message: expect.stringMatching(/year/) });
  });

  it('accepts the first and last years it can store', async () => {
    const response = await api.get('/search?starts_at=0001-01-01T00:00:00&ends_at=9999-12-31T23:59:59');
    expect(response.status).toBe(200);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'])(
    'refuses the parameter name %s like any unknown one',
    async (name) => {
      await expect(rejected(`/search?${name}=1`)).resolves.toMatchObject({ code: 'UNKNOWN_PARAMETER', message: expect.stringContaining(name) });
      await expect(rejected(`/events?${name}=1`)).resolves.toMatchObject({ code: 'UNKNOWN_PARAMETER' });
    },
  );

  it.each(['/docs/../../etc/passwd', '/docs/..%2F..%2Fetc%2Fpasswd', '/docs/%2e%2e/%2e%2e/etc/passwd'])('answers %s with a 4xx in the envelope', async (path) => {
    const answer = await rawRequest(api.baseUrl, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: expect.any(String) }, data: null });
  });

  it('answers headers too large with a 431 in the envelope', async () => {
    const answer = await rawRequest(api.baseUrl, `GET /search HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/header/i) }, data: null });
  });

  it.each(['BREW', 'PROPFIND', 'DELETE', 'PATCH'])('answers the method %s on /search in the envelope', async (method) => {
    const answer = await rawRequest(api.baseUrl, `${method} /search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) }, data: null });
  });
});
