import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EVENTS_MIGRATIONS } from '@contexts/events/infrastructure/persistence/typeorm/events.migrations';
import { EVENTS_ORM_ENTITIES } from '@contexts/events/infrastructure/persistence/typeorm/events.orm-entities';
import { TypeOrmEventRepository } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-event.repository';
import { postgresDataSourceOptions } from '@shared/database/data-source-options';
import { freePort } from '@shared/net/free-port';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { freshBenchDatabase } from './bench-database';
import { runNode } from './run-node';

/**
 * `make bench-sync`: (1) a generated ~40 MB feed end to end — HTTP, streaming parse, batched upserts
 * into PostgreSQL — through the real `npm run sync` entry point in its own process, three passes (first
 * load, the same feed again, a churned feed), then the same into the embedded PGlite; (2) 10,000
 * events upserted straight through the repository.
 */
const DIST = join(__dirname, '..', '..');
const ROOT = join(DIST, '..');

/** The node flags `npm run sync` uses (they bound the worker's memory), read so the two never drift. */
function syncNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return scripts.sync.split(' ').filter((word) => word.startsWith('--'));
}
const BASE_EVENTS = Number(process.env.BENCH_BASE_EVENTS ?? 2000);

async function feedSize(url: string): Promise<number> {
  const response = await fetch(`${url}/api/events`);
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  await fetch(`${url}/reset`, { method: 'POST' });
  return bytes;
}

interface SyncPass {
  label: string;
  /** Replays the provider's first feed before this pass, so it reads exactly what the previous pass read. */
  replay?: boolean;
}

/** The passes of one end-to-end run: a first load, the same feed again, then the next (churned) feed. */
const PASSES: readonly SyncPass[] = [
  { label: 'first load' },
  { label: 'unchanged feed', replay: true },
  { label: 'churned feed' },
];

/** BENCH_CPU_PROFILE_DIR=dir: every sync process writes a V8 CPU profile there (open it in Chrome DevTools). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function runPasses(mode: string, sim: RunningProviderSim, env: Record<string, string | undefined>, bytes: number): Promise<void> {
  for (const pass of PASSES) {
    if (pass.replay) await fetch(`${sim.url}/reset`, { method: 'POST' });
    const run = await runNode(join(DIST, 'apps/worker/src/sync-once.js'), env, [...syncNodeFlags(), ...profileFlags()]);
    const summary = run.output.trim().split('\n').pop() ?? '';
    if (run.code !== 0) throw new Error(`sync failed:\n${run.output}`);
    const read = Number(/read (\d+)/.exec(summary)?.[1] ?? 0);
    const syncSeconds = Number(/elapsed ([\d.]+) s/.exec(summary)?.[1] ?? NaN);
    console.log(`${mode}, ${pass.label}: ${summary}`);
    console.log(
      `  → sync ${syncSeconds.toFixed(2)} s (${Math.round(read / syncSeconds)} events/s, ${(bytes / 1e6 / syncSeconds).toFixed(1)} MB/s); ` +
        `process wall time incl. boot ${(run.elapsedMs / 1000).toFixed(2)} s`,
    );
  }
}

async function syncEndToEnd(): Promise<void> {
  const databaseUrl = await freshBenchDatabase('events_bench_sync');
  const sim = await startProviderSim({ port: 0, mode: 'generated', baseEvents: BASE_EVENTS, seed: 7 });
  try {
    const bytes = await feedSize(sim.url);
    const env = { PROVIDER_URL: sim.url, PROVIDER_TIMEOUT_MS: '120000', LOG_LEVEL: 'warn' };
    const migrated = await runNode(join(DIST, 'apps/worker/src/migrate.js'), { ...env, DATABASE_URL: databaseUrl });
    if (migrated.code !== 0) throw new Error(`migrations failed:\n${migrated.output}`);
    console.log(`feed: ${(bytes / 1e6).toFixed(1)} MB, ${BASE_EVENTS} base events (provider-sim generated mode)`);
    await runPasses('PostgreSQL', sim, { ...env, DATABASE_URL: databaseUrl }, bytes);

    // The embedded mode with its defaults: no DATABASE_URL, a fresh data directory of its own.
    await fetch(`${sim.url}/reset`, { method: 'POST' });
    const dataDir = await mkdtemp(join(tmpdir(), 'bench-sync-embedded-'));
    try {
      const embedded = { ...env, DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_DATABASE_PORT: String(await freePort()) };
      await runPasses('embedded PGlite', sim, embedded, bytes);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  } finally {
    await sim.close();
  }
}

function generatedEvents(count: number, version: number, seenAt: Date): TicketedEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    return TicketedEvent.create(
      {
        provider: 'bench',
        baseEventId: String(1 + Math.floor(i / 5)),
        eventId: String(i),
        title: `Bench event ${i}`,
        startsAt: `2030-03-${day}T20:00:00`,
        endsAt: `2030-03-${day}T22:00:00`,
        sellFrom: '2030-01-01T00:00:00',
        sellTo: `2030-03-${day}T19:00:00`,
        soldOut: false,
        sellMode: 'online',
        zones: Array.from({ length: 5 }, (_, z) => ({
          zoneId: String(z),
          name: `Zone ${z}`,
          capacity: 100,
          price: `${10 + z + version}.50`,
          numbered: z % 2 === 0,
        })),
      },
      seenAt,
    );
  });
}

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = process.hrtime.bigint();
  const result = await work();
  console.log(`${label}: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)} s ${JSON.stringify(result)}`);
}

async function upsertTenThousand(): Promise<void> {
  const url = await freshBenchDatabase('events_bench_upsert');
  const dataSource = await new DataSource(
    postgresDataSourceOptions({ url, entities: EVENTS_ORM_ENTITIES, migrations: EVENTS_MIGRATIONS }),
  ).initialize();
  try {
    await dataSource.runMigrations();
    const repository = new TypeOrmEventRepository(dataSource.manager);
    const seenAt = new Date();
    const original = generatedEvents(10_000, 0, seenAt);
    const repriced = generatedEvents(10_000, 1, seenAt);
    console.log('10,000 events × 5 zones, one saveBatch call each:');
    await timed('  insert', () => repository.saveBatch(original));
    await timed('  same again (unchanged)', () => repository.saveBatch(original));
    await timed('  every price changed', () => repository.saveBatch(repriced));
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  await syncEndToEnd();
  await upsertTenThousand();
}

main().catch((error: Error) => {
  console.error(`bench-sync failed: ${error.message}`);
  process.exit(1);
});
