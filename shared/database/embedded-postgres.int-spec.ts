import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@shared/net/free-port';
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

  // Each start boots PGlite in a process of its own (seconds each), so one story covers the hand-overs.
  it('is hosted by one of two processes starting together, and handed over with its data when hosts stop or die', async () => {
    // A host that died long ago left its lock behind: it must not keep anyone out.
    writeFileSync(join(dataDir, 'embedded-postgres.lock'), String(spawnSync(process.execPath, ['-e', '']).pid));
    const [one, other] = await Promise.all([start(), start()]);
    expect(one.url).toBe(other.url);
    expect([one.process.pid, other.process.pid]).toContain(lockHolder());
    const [host, guest] = lockHolder() === one.process.pid ? [one, other] : [other, one];
    await query(host.url, 'CREATE TABLE things (name text)');
    await query(guest.url, `INSERT INTO things VALUES ('from the guest')`);
    expect(await query(host.url, 'SELECT name FROM things')).toEqual([{ name: 'from the guest' }]);

    await expect(stop(host.process)).resolves.toBe(0);

    expect(await eventually(() => query(guest.url, 'SELECT name FROM things'))).toEqual([{ name: 'from the guest' }]);
    expect(lockHolder()).toBe(guest.process.pid);
    await query(guest.url, `INSERT INTO things VALUES ('committed')`);
    const third = await start();
    expect(third.url).toBe(guest.url);

    running.delete(guest.process);
    await guest.process.kill();

    const rows = await eventually(() => query(third.url, 'SELECT name FROM things ORDER BY name'));
    expect(rows).toEqual([{ name: 'committed' }, { name: 'from the guest' }]);
    expect(lockHolder()).toBe(third.process.pid);
  }, TIMEOUT_MS);
});
