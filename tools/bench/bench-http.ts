import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStatement } from '@shared/database/run-statement';
import { freePort } from '@shared/net/free-port';
import { startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { captureResponse, CannedResponses } from './canned-response';
import { LoadFigures, LoadRun, measureInTurns, measureLoad } from './http-load';
import { NodeServer, startNodeServer } from './node-server';
import { ResultRow, resultsTable } from './results-table';
import { runNode } from './run-node';
import { SEEDED_FIRST_YEAR, SEEDED_YEARS, seededEventsDatabase } from './seeded-events-database';

/**
 * `make bench-http`: the API's /search and /events under load, (1) answered from a warm cache and
 * compared, in the same run, with a bare node:http server sending the very same bytes; (2) at a
 * fixed offered rate; (3) with the cache off, over a million stored events, a different month on
 * every request; (4) at a steady rate while a worker syncs a ~41 MB feed. The API runs with
 * everything on (metrics, request ids, security headers, a rate limit counted in Redis that the
 * load never reaches). Prints figures beside the product targets; asserts nothing.
 */
const DIST = join(__dirname, '..', '..');
const API_ENTRY = join(DIST, 'apps/api/src/main.js');
const BARE_ENTRY = join(__dirname, 'bare-http-server.js');

const DATABASE_NAME = 'events_bench_http';
const STORED_EVENTS = 1_000_000;
// A Redis database of its own, so the bench neither reads nor evicts anybody else's keys.
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
// JIT and connection pools settle before anything is measured.
const WARMUP_SECONDS = 2;
const HOT_CONNECTIONS = 50;
// The api and the bare server take turns this many times, DURATION_SECONDS in all each.
const COMPARISON_ROUNDS = 5;
// An uncached answer takes milliseconds of database and serialization, so with 50 connections the
// p99 would be mostly queueing (≈ connections / throughput); 10 is as many as the API's pool runs at once.
const COLD_CONNECTIONS = 10;
// The provider spec's peak.
const OFFERED_RATE = 10_000;
// A rate limit that is on (every request is counted, in Redis) but that the load never reaches.
const RATE_LIMIT_NEVER_REACHED = '10000000';
// During a sync: a steady load of searches over a different month each, with the cache on.
const SYNC_LOAD_RATE = 200;
const SYNC_LOAD_CONNECTIONS = 10;
const SYNC_BASE_EVENTS = 2_000;
// Longer than the whole hot phase, so no entry expires while it is measured.
const HOT_CACHE_TTL_SECONDS = '600';
// Every run is bounded by its own duration; this bounds the bench as a whole, seeding included.
const DEADLINE_MS = 20 * 60_000;

const TARGETS = { hotRatio: 0.75, offeredP99Ms: 5, coldP99Ms: 25, syncP99Ratio: 1.5 };

// Mid-century: about 24 online events start in a day, 740 in a month.
const HOT_SEARCH = '/search?starts_at=2050-06-15T00:00:00&ends_at=2050-06-15T23:59:59';
const HOT_EVENTS = '/events?starts_at=2050-06-01&ends_at=2050-06-30&page=1&pageSize=20';
const MONTHS_SEEDED = SEEDED_YEARS * 12;

/** Date-only bounds: the API reads them as the first day's 00:00:00 and the last day's 23:59:59. */
function monthWindow(index: number): string {
  const year = SEEDED_FIRST_YEAR + Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const yearMonth = `${year}-${String(month).padStart(2, '0')}`;
  return `starts_at=${yearMonth}-01&ends_at=${yearMonth}-${lastDay}`;
}

/** Each call the next seeded month, so consecutive requests read different rows. */
function everyMonthIn(path: string, rest = ''): () => string {
  let request = 0;
  return () => `${path}?${monthWindow(request++ % MONTHS_SEEDED)}${rest}`;
}

async function startApi(databaseUrl: string, cacheTtlSeconds: string): Promise<NodeServer> {
  const port = await freePort();
  return startNodeServer(API_ENTRY, {
    port,
    readyPath: '/search?starts_at=2000-01-01&ends_at=2000-01-01',
    // Everything on: metrics, request ids and security headers always are; the rate limit is set.
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      PORT: String(port),
      CACHE_TTL_SECONDS: cacheTtlSeconds,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: RATE_LIMIT_NEVER_REACHED,
    },
  });
}

async function startBareServer(responses: CannedResponses, workDir: string): Promise<NodeServer> {
  const file = join(workDir, 'canned-responses.json');
  writeFileSync(file, JSON.stringify(responses));
  const port = await freePort();
  return startNodeServer(BARE_ENTRY, { port, readyPath: Object.keys(responses)[0], args: [file, String(port)] });
}

/** A new data version, so this run's cache keys are new: the first request of each is a real miss. */
function bumpDataVersion(databaseUrl: string): Promise<void> {
  return runStatement(databaseUrl, 'UPDATE data_version SET version = version + 1 WHERE id = 1');
}

async function capture(server: NodeServer, paths: string[]): Promise<CannedResponses> {
  const responses: CannedResponses = {};
  for (const path of paths) {
    const response = await captureResponse(`${server.url}${path}`);
    if (response.status !== 200) {
      throw new Error(`${path} answered ${response.status}: ${Buffer.from(response.body, 'base64').toString().slice(0, 300)}`);
    }
    responses[path] = response;
  }
  return responses;
}

async function measure(label: string, run: LoadRun): Promise<LoadFigures> {
  console.log(`  ${label}`);
  await measureLoad({ ...run, durationSeconds: WARMUP_SECONDS, overallRate: undefined });
  return measureLoad(run);
}

async function compare(label: string, api: LoadRun, bare: LoadRun): Promise<[LoadFigures, LoadFigures]> {
  console.log(`  ${label}: api and bare node:http in turns, ${COMPARISON_ROUNDS} × ${api.durationSeconds / COMPARISON_ROUNDS} s each`);
  await measureLoad({ ...api, durationSeconds: WARMUP_SECONDS });
  await measureLoad({ ...bare, durationSeconds: WARMUP_SECONDS });
  return measureInTurns(api, bare, COMPARISON_ROUNDS);
}

async function withServer<T>(start: Promise<NodeServer>, use: (server: NodeServer) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

function hotComparison(name: string, api: LoadFigures, bare: LoadFigures): ResultRow[] {
  const ratio = api.rps / bare.rps;
  return [
    { run: `hot ${name}, api`, connections: HOT_CONNECTIONS, figures: api },
    { run: `hot ${name}, bare node:http`, connections: HOT_CONNECTIONS, figures: bare },
    { run: `  ratio api/bare rps = ${ratio.toFixed(2)}`, target: `≥ ${TARGETS.hotRatio}`, met: ratio >= TARGETS.hotRatio },
  ];
}

async function hotRuns(databaseUrl: string, workDir: string): Promise<ResultRow[]> {
  return withServer(startApi(databaseUrl, HOT_CACHE_TTL_SECONDS), async (api) => {
    // Capturing the answers also fills the cache with them.
    const responses = await capture(api, [HOT_SEARCH, HOT_EVENTS]);
    const [search, events] = await withServer(startBareServer(responses, workDir), async (bare) => {
      const run = (server: NodeServer, path: string) => ({ origin: server.url, path, connections: HOT_CONNECTIONS, durationSeconds: DURATION_SECONDS });
      return [
        await compare('hot /search', run(api, HOT_SEARCH), run(bare, HOT_SEARCH)),
        await compare('hot /events', run(api, HOT_EVENTS), run(bare, HOT_EVENTS)),
      ];
    });
    const offered = await measure(`hot /search, api, ${OFFERED_RATE} req/s offered`, {
      origin: api.url,
      path: HOT_SEARCH,
      connections: HOT_CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      overallRate: OFFERED_RATE,
    });
    return [
      ...hotComparison('/search 1 day', ...search),
      ...hotComparison('/events 1 month p1', ...events),
      {
        run: `hot /search 1 day, api, ${OFFERED_RATE.toLocaleString('en-US')} req/s offered`,
        connections: HOT_CONNECTIONS,
        figures: offered,
        target: `p99 ≤ ${TARGETS.offeredP99Ms} ms`,
        met: offered.p99Ms <= TARGETS.offeredP99Ms && offered.rps >= 0.98 * OFFERED_RATE,
      },
    ];
  });
}

async function coldRuns(databaseUrl: string): Promise<ResultRow[]> {
  return withServer(startApi(databaseUrl, '0'), async (api) => {
    const run = (path: () => string) => ({ origin: api.url, path, connections: COLD_CONNECTIONS, durationSeconds: DURATION_SECONDS });
    const search = await measure('cold /search, api', run(everyMonthIn('/search')));
    const events = await measure('cold /events, api', run(everyMonthIn('/events', '&page=1&pageSize=20')));
    const target = `p99 ≤ ${TARGETS.coldP99Ms} ms`;
    return [
      { run: 'cold /search 1 month (each request another)', connections: COLD_CONNECTIONS, figures: search, target, met: search.p99Ms <= TARGETS.coldP99Ms },
      { run: 'cold /events 1 month p1 (each another)', connections: COLD_CONNECTIONS, figures: events, target, met: events.p99Ms <= TARGETS.coldP99Ms },
    ];
  });
}

/**
 * /search at a steady rate with the cache on, idle and then while a worker process syncs a
 * generated ~41 MB feed into the same database (a new seed each run, so the sync writes and
 * moves the data version, which empties the cache).
 */
async function duringSyncRuns(databaseUrl: string): Promise<ResultRow[]> {
  return withServer(startApi(databaseUrl, HOT_CACHE_TTL_SECONDS), async (api) => {
    const run = { origin: api.url, path: everyMonthIn('/search'), connections: SYNC_LOAD_CONNECTIONS, durationSeconds: DURATION_SECONDS, overallRate: SYNC_LOAD_RATE };
    const idle = await measure(`/search at ${SYNC_LOAD_RATE} req/s, idle`, run);
    const sim = await startProviderSim({ port: 0, mode: 'generated', baseEvents: SYNC_BASE_EVENTS, seed: Date.now() % 100_000 });
    try {
      console.log(`  /search at ${SYNC_LOAD_RATE} req/s during a sync of the generated feed`);
      const sync = runNode(join(DIST, 'apps/worker/src/sync-once.js'), {
        DATABASE_URL: databaseUrl,
        PROVIDER_URL: sim.url,
        PROVIDER_TIMEOUT_MS: '120000',
        LOG_LEVEL: 'warn',
      }, ['--max-old-space-size=128', '--max-semi-space-size=16']);
      const during = await measureLoad(run);
      const synced = await sync;
      if (synced.code !== 0) throw new Error(`sync failed:\n${synced.output}`);
      console.log(`  sync: ${synced.output.trim().split('\n').pop()} (process ${(synced.elapsedMs / 1000).toFixed(1)} s)`);
      const ratio = during.p99Ms / idle.p99Ms;
      return [
        { run: `/search 1 month, ${SYNC_LOAD_RATE} req/s, cache on, idle`, connections: SYNC_LOAD_CONNECTIONS, figures: idle },
        { run: `/search 1 month, ${SYNC_LOAD_RATE} req/s, during a ~41 MB sync`, connections: SYNC_LOAD_CONNECTIONS, figures: during },
        { run: `  ratio p99 during sync / idle = ${ratio.toFixed(2)}`, target: `≤ ${TARGETS.syncP99Ratio}`, met: ratio <= TARGETS.syncP99Ratio },
      ];
    } finally {
      await sim.close();
    }
  });
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  // Other work on the machine takes cores from the server and from autocannon alike: the load average says how much.
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), node ${process.version}, autocannon in the bench process on the same cores`;
  const loadAtStart = loadAverage();
  console.log(`machine: ${machine}; load average ${loadAtStart}`);
  const database = await seededEventsDatabase(DATABASE_NAME, STORED_EVENTS, process.env.BENCH_RESEED === '1');
  console.log(
    database.seeded
      ? `seeded ${STORED_EVENTS.toLocaleString('en-US')} events into ${DATABASE_NAME} in ${database.seedSeconds.toFixed(1)} s`
      : `reusing the ${STORED_EVENTS.toLocaleString('en-US')} events of ${DATABASE_NAME} (BENCH_RESEED=1 seeds them again)`,
  );
  await bumpDataVersion(database.url);
  const workDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  // On exit rather than in a finally block: also when a signal or the deadline ends the bench.
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true }));
  console.log(`hot: warm cache (Redis ${REDIS_URL}), ${DURATION_SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up`);
  const hot = await hotRuns(database.url, workDir);
  console.log('cold: CACHE_TTL_SECONDS=0');
  const cold = await coldRuns(database.url);
  console.log('during a sync: cache on');
  const duringSync = await duringSyncRuns(database.url);
  console.log(`\nmachine: ${machine}; load average ${loadAtStart} at start, ${loadAverage()} at end`);
  console.log(resultsTable([...hot, ...cold, ...duringSync]));
  console.log(`\nbench-http took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`);
}

// Exiting (rather than dying of the signal) runs the exit hooks, which stop the servers and remove the work files.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.exit(code));
setTimeout(() => {
  console.error(`bench-http: still running after ${DEADLINE_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, DEADLINE_MS).unref();

main().catch((error: Error) => {
  console.error(`bench-http failed: ${error.message}`);
  process.exit(1);
});
