import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '@shared/net/free-port';
import { AppProcess } from '@shared/testing/app-process';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';

const MAIN = join(__dirname, '..', 'src', 'main.ts');
const TIMEOUT_MS = 60_000;

/** What a new user sees when the API cannot start: a message naming the variable to fix, exit 1. */
describe('the API process refusing to start', () => {
  let api: AppProcess | undefined;

  afterEach(() => api?.kill());

  describe('with a database', () => {
    let database: TestDatabase;
    let squatter: Server | undefined;

    beforeAll(async () => {
      database = await createPostgresTestDatabase();
    }, TIMEOUT_MS);

    afterAll(() => database.dispose(), TIMEOUT_MS);

    afterEach(() => new Promise<void>((resolve) => (squatter ? squatter.close(() => resolve()) : resolve())));

    it('names PORT when its port is taken', async () => {
      const server = createServer();
      squatter = server;
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      const port = (server.address() as { port: number }).port;

      api = AppProcess.start(MAIN, { DATABASE_URL: database.url, PORT: String(port) });

      await expect(api.exited).resolves.toBe(1);
      expect(api.output).toMatch(new RegExp(`api failed to start: port ${port} is already in use: stop what holds it, or set PORT`));
    }, TIMEOUT_MS);

    it.each(['999.1.1.1', '192.0.2.123'])('names HOST when it cannot listen on %s', async (host) => {
      squatter = undefined;
      api = AppProcess.start(MAIN, { DATABASE_URL: database.url, PORT: String(await freePort()), HOST: host });

      await expect(api.exited).resolves.toBe(1);
      expect(api.output).toMatch(new RegExp(`api failed to start: cannot listen on HOST=${host.replaceAll('.', '\\.')} \\((ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL)\\): set HOST to an address of this machine`));
    }, TIMEOUT_MS);

    it('names PROVIDERS when a provider names a format nothing reads', async () => {
      squatter = undefined;
      api = AppProcess.start(MAIN, { DATABASE_URL: database.url, PORT: String(await freePort()), PROVIDERS: 'acme=http://127.0.0.1:9/feed;format=json' });

      await expect(api.exited).resolves.toBe(1);
      expect(api.output).toMatch(/api failed to start: Invalid configuration: PROVIDERS gives provider "acme" the format "json"; the known formats are: xml/);
    }, TIMEOUT_MS);
  });
});
