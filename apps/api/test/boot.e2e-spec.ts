import { createServer, Server } from 'node:net';
import { join } from 'node:path';
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
    let squatter: Server;

    beforeAll(async () => {
      database = await createPostgresTestDatabase();
    }, TIMEOUT_MS);

    afterAll(() => database.dispose(), TIMEOUT_MS);

    afterEach(() => new Promise((resolve) => squatter?.close(resolve)));

    it('names PORT when its port is taken', async () => {
      squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(0, '0.0.0.0', resolve));
      const port = (squatter.address() as { port: number }).port;

      api = AppProcess.start(MAIN, { DATABASE_URL: database.url, PORT: String(port) });

      await expect(api.exited).resolves.toBe(1);
      expect(api.output).toMatch(new RegExp(`api failed to start: port ${port} is already in use: stop what holds it, or set PORT`));
    }, TIMEOUT_MS);
  });
});
