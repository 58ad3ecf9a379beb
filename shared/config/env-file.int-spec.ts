import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REGISTER_TYPESCRIPT = join(__dirname, '..', 'testing', 'register-typescript.js');
const APP_CONFIG = join(__dirname, 'app-config.ts');

/** What loadConfig() reads in a fresh process started in `cwd` with exactly `env`. */
async function configIn(cwd: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const script = `try { console.log(JSON.stringify(require(${JSON.stringify(APP_CONFIG)}).loadConfig())) }
    catch (error) { console.log(JSON.stringify({ error: error.message })) }`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', REGISTER_TYPESCRIPT, '-e', script], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('.env', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from the working directory when present', async () => {
    writeFileSync(join(dir, '.env'), '# local settings\nPORT=4321\nDATABASE_URL=postgres://u@db:5432/events\n');

    await expect(configIn(dir, {})).resolves.toMatchObject({ port: 4321, databaseUrl: 'postgres://u@db:5432/events' });
  });

  it('loses to the real environment, even to a variable set empty', async () => {
    writeFileSync(join(dir, '.env'), 'PORT=4321\nDATABASE_URL=postgres://u@db:5432/events\n');

    await expect(configIn(dir, { PORT: '5555' })).resolves.toMatchObject({ port: 5555 });
    await expect(configIn(dir, { DATABASE_URL: '' })).resolves.toMatchObject({ error: expect.stringMatching(/DATABASE_URL is set but empty/) });
  });

  it('is optional', async () => {
    await expect(configIn(dir, {})).resolves.toMatchObject({ port: 3000, databaseUrl: null });
  });
});
