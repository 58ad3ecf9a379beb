import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { freshBenchDatabase } from './bench-database';
import { runNode } from './run-node';

/**
 * `make bench-providers`: how the sync scales out. Four providers (the same generated feed under
 * four names, so each first load inserts its own events) synced into a fresh PostgreSQL database by
 * one `npm run sync` (SYNC_CONCURRENCY 1, then 2), then by two and three worker processes sharing
 * the providers. Throughput is read from sync_runs: events read / (last finish - first start).
 */
const DIST = join(__dirname, '..', '..');
const PROVIDERS = ['north', 'south', 'east', 'west'];
const BASE_EVENTS = Number(process.env.BENCH_BASE_EVENTS ?? 500);

interface Layout {
  label: string;
  workers: number;
  concurrency: number;
}

const LAYOUTS: readonly Layout[] = [
  { label: 'npm run sync, SYNC_CONCURRENCY=1', workers: 0, concurrency: 1 },
  { label: 'npm run sync, SYNC_CONCURRENCY=2', workers: 0, concurrency: 2 },
  { label: '2 workers, SYNC_CONCURRENCY=2', workers: 2, concurrency: 2 },
  { label: '3 workers, SYNC_CONCURRENCY=2', workers: 3, concurrency: 2 },
];

interface Runs {
  done: number;
  read: number;
  spanSeconds: number;
}

async function succeededRuns(databaseUrl: string): Promise<Runs> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ done: number; read: number; span: number | null }>(
      `SELECT count(*)::int AS done, coalesce(sum(read), 0)::int AS read,
              extract(epoch FROM max(finished_at) - min(started_at))::float AS span
         FROM sync_runs WHERE outcome = 'succeeded'`,
    );
    return { done: rows[0].done, read: rows[0].read, spanSeconds: rows[0].span ?? 0 };
  } finally {
    await client.end();
  }
}

/** Worker processes until every provider has a successful run; then SIGTERM, as an orchestrator would. */
async function runWorkers(count: number, env: Record<string, string>, databaseUrl: string): Promise<void> {
  const workers = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--max-old-space-size=128', '--max-semi-space-size=16', join(DIST, 'apps/worker/src/main.js')], {
      env: { ...process.env, ...env, WORKER_PORT: '0' },
      stdio: 'ignore',
    }),
  );
  try {
    while ((await succeededRuns(databaseUrl)).done < PROVIDERS.length) await sleep(200);
  } finally {
    await Promise.all(workers.map((worker) => (worker.kill('SIGTERM'), once(worker, 'exit'))));
  }
}

async function main(): Promise<void> {
  const sim = await startProviderSim({ port: 0, mode: 'generated', baseEvents: BASE_EVENTS, seed: 7 });
  try {
    console.log(`${PROVIDERS.length} providers, each a generated feed of ${BASE_EVENTS} base events (provider-sim in this process)`);
    for (const layout of LAYOUTS) {
      const databaseUrl = await freshBenchDatabase('events_bench_providers');
      const env = {
        DATABASE_URL: databaseUrl,
        PROVIDERS: PROVIDERS.map((name) => `${name}=${sim.url}/api/events`).join(','),
        SYNC_CONCURRENCY: String(layout.concurrency),
        // One tick each: the benchmark ends once every provider has synced.
        SYNC_INTERVAL_SECONDS: '3600',
        PROVIDER_TIMEOUT_MS: '120000',
        LOG_LEVEL: 'warn',
      };
      const migrated = await runNode(join(DIST, 'apps/worker/src/migrate.js'), env);
      if (migrated.code !== 0) throw new Error(`migrations failed:\n${migrated.output}`);
      if (layout.workers === 0) {
        const run = await runNode(join(DIST, 'apps/worker/src/sync-once.js'), env, ['--max-old-space-size=128', '--max-semi-space-size=16']);
        if (run.code !== 0) throw new Error(`sync failed:\n${run.output}`);
      } else {
        await runWorkers(layout.workers, env, databaseUrl);
      }
      const { read, spanSeconds } = await succeededRuns(databaseUrl);
      const perSecond = Math.round(read / spanSeconds);
      const processes = Math.max(1, layout.workers);
      console.log(
        `${layout.label}: ${read} events in ${spanSeconds.toFixed(2)} s = ${perSecond} events/s ` +
          `(${Math.round(perSecond / processes)} per process)`,
      );
    }
  } finally {
    await sim.close();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
