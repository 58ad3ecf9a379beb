import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@shared/testing/free-port';
import { TypeScriptProcess } from '@shared/testing/typescript-process';
import { resolveDatabaseUrl } from './embedded-postgres';

// Each process below is a separate Node process, as the api, the worker and `npm run sync` are.
const ENTRY = join(__dirname, '..', 'testing', 'embedded-postgres.process.ts');
const TIMEOUT_MS = 120_000;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('resolveDatabaseUrl', () => {
  it('answers DATABASE_URL itself when it is set', async () => {
    const url = 'postgres://someone@db.example:5432/events';

    const endpoint = await resolveDatabaseUrl({ databaseUrl: url, dataDir: '/nonexistent', embeddedDatabasePort: 1 });

    expect(endpoint.url).toBe(url);
    await endpoint.close();
  });
});

describe('the embedded PostgreSQL, shared by local processes', () => {
  let dataDir: string;
  let port: number;
  const running = new Set<TypeScriptProcess>();

  const lockHolder = () => Number(readFileSync(join(dataDir, 'embedded-postgres.lock'), 'utf8'));

  async function start(): Promise<{ process: TypeScriptProcess; url: string }> {
    const child = TypeScriptProcess.start(ENTRY, [dataDir, String(port)]);
    running.add(child);
    const { url } = await child.nextMessage<{ url: string }>();
    return { process: child, url };
  }

  async function stop(child: TypeScriptProcess): Promise<number | null> {
    running.delete(child);
    return child.stop();
  }

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'embedded-postgres-'));
    port = await freePort();
  });

  afterEach(async () => {
    await Promise.all([...running].map((child) => stop(child)));
    rmSync(dataDir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  it('is hosted by one of two processes starting together, and the other connects to it', async () => {
    const [one, other] = await Promise.all([start(), start()]);

    expect(one.url).toBe(other.url);
    expect([one.process.pid, other.process.pid]).toContain(lockHolder());
    await query(one.url, 'CREATE TABLE things (name text)');
    await query(other.url, `INSERT INTO things VALUES ('from the other')`);
    expect(await query(one.url, 'SELECT name FROM things')).toEqual([{ name: 'from the other' }]);
  }, TIMEOUT_MS);

  it('keeps its data across a restart', async () => {
    const first = await start();
    await query(first.url, `CREATE TABLE things (name text); INSERT INTO things VALUES ('kept')`);
    await expect(stop(first.process)).resolves.toBe(0);

    const again = await start();

    expect(await query(again.url, 'SELECT name FROM things')).toEqual([{ name: 'kept' }]);
  }, TIMEOUT_MS);

  it('is taken over on the same port when its host stops', async () => {
    const host = await start();
    const guest = await start();
    expect(lockHolder()).toBe(host.process.pid);
    await query(host.url, `CREATE TABLE things (name text); INSERT INTO things VALUES ('kept')`);

    await stop(host.process);

    const rows = await eventually(() => query(guest.url, 'SELECT name FROM things'));
    expect(rows).toEqual([{ name: 'kept' }]);
    expect(lockHolder()).toBe(guest.process.pid);
  }, TIMEOUT_MS);

  it('is taken over when its host dies without cleaning up', async () => {
    const host = await start();
    const guest = await start();
    await query(host.url, `CREATE TABLE things (name text); INSERT INTO things VALUES ('committed')`);

    running.delete(host.process);
    await host.process.kill();

    const rows = await eventually(() => query(guest.url, 'SELECT name FROM things'));
    expect(rows).toEqual([{ name: 'committed' }]);
    expect(lockHolder()).toBe(guest.process.pid);
  }, TIMEOUT_MS);

  it('takes over the lock a dead process left behind', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dataDir, 'embedded-postgres.lock'), String(dead));

    const { process: host, url } = await start();

    expect(lockHolder()).toBe(host.pid);
    expect(await query(url, 'SELECT 1 AS answer')).toEqual([{ answer: 1 }]);
  }, TIMEOUT_MS);
});
