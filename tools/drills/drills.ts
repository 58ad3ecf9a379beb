import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@shared/net/free-port';
import { WatchedProcess } from '@shared/process/watched-process';
import { DrillPostgres } from './drill-postgres';
import { DrillRedis } from './drill-redis';
import { RequestLoop } from './request-loop';

/**
 * `make drills`: faults played against the real, built processes on loopback, on a PostgreSQL
 * cluster and a Redis of the drills' own. Each drill prints what it did and what it saw; a table
 * of results ends the run, and the exit code says whether every drill passed.
 * DRILL_FAULT_SECONDS (default 60) is how long each provider fault lasts; DRILLS=npm,launcher runs
 * only the drills whose name contains one of those words.
 */

const DIST = join(__dirname, '..', '..');
const ROOT = join(DIST, '..');
const FAULT_SECONDS = Number(process.env.DRILL_FAULT_SECONDS ?? 60);
const SEARCH = '/search?starts_at=2021-01-01T00:00:00&ends_at=2030-12-31T23:59:59';
const PAGES = [1, 2, 3].map((page) => `/events?page=${page}&pageSize=20`);

interface DrillResult {
  drill: string;
  expected: string;
  observed: string;
  passed: boolean;
}

const say = (message: string) => console.log(`  ${message}`);

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

class Stack {
  private readonly processes: WatchedProcess[] = [];

  constructor(readonly pg: DrillPostgres) {}

  /** A fresh database of the cluster: its name, for the drill's queries. */
  async database(name: string): Promise<string> {
    await this.pg.query(`CREATE DATABASE ${name}`);
    return name;
  }

  async providerSim(env: Record<string, string> = {}): Promise<{ url: string; fault(query: string): Promise<void> }> {
    const port = await freePort();
    const sim = this.track(
      WatchedProcess.node('provider-sim', [join(DIST, 'apps/provider-sim/src/main.js')], {
        PROVIDER_SIM_PORT: String(port),
        PROVIDER_SIM_HOST: '127.0.0.1',
        ...env,
      }),
    );
    await sim.waitForLine(/feed on/);
    const url = `http://127.0.0.1:${port}`;
    return {
      url,
      fault: async (query) => {
        const response = await fetch(`${url}${query}`, { method: 'POST' });
        if (!response.ok) throw new Error(`provider-sim refused ${query}: ${response.status}`);
      },
    };
  }

  async worker(databaseUrl: string, providerUrl: string, env: Record<string, string> = {}): Promise<WatchedProcess> {
    const worker = this.track(
      WatchedProcess.node('worker', ['--max-old-space-size=128', join(DIST, 'apps/worker/src/main.js')], {
        DATABASE_URL: databaseUrl,
        PROVIDER_URL: providerUrl,
        WORKER_PORT: '0',
        LOG_FORMAT: 'json',
        SYNC_INTERVAL_SECONDS: '3600',
        ...env,
      }),
    );
    await worker.waitForLine(/worker: syncing/);
    return worker;
  }

  async api(databaseUrl: string, env: Record<string, string> = {}): Promise<{ process: WatchedProcess; base: string }> {
    const port = await freePort();
    const api = this.track(
      WatchedProcess.node('api', [join(DIST, 'apps/api/src/main.js')], {
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        ...env,
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    await until('the API to answer', async () => (await fetch(`${base}/health`)).ok);
    return { process: api, base };
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
    this.processes.length = 0;
  }

  private track(process: WatchedProcess): WatchedProcess {
    this.processes.push(process);
    return process;
  }
}

interface RunRow {
  outcome: string;
  started_at: Date;
  finished_at: Date | null;
}

const runs = (pg: DrillPostgres, database: string) =>
  pg.query<RunRow>('SELECT outcome, started_at, finished_at FROM sync_runs ORDER BY started_at, id', database);

/** Everything the store holds about events, as one digest: equal digests, byte-identical data. */
async function storeDigest(pg: DrillPostgres, database: string): Promise<string> {
  const tables = await pg.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('sync_runs', 'sync_requests', 'migrations') ORDER BY 1",
    database,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const [{ digest }] = await pg.query<{ digest: string }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${name} t`,
      database,
    );
    parts.push(`${name}:${digest}`);
  }
  return parts.join(' ');
}

async function syncedOnce(pg: DrillPostgres, database: string): Promise<void> {
  await until('a successful sync', async () => (await runs(pg, database)).some((run) => run.outcome === 'succeeded'), 120_000);
}

// ---------------------------------------------------------------------------------------------

async function killNineMidSync(stack: Stack): Promise<DrillResult> {
  const database = await stack.database('drill_kill9');
  const sim = await stack.providerSim({ PROVIDER_SIM_MODE: 'generated', PROVIDER_SIM_BASE_EVENTS: '1000' });
  say('first load: a worker syncs the generated feed (~20 MB) once, then stops');
  const first = await stack.worker(stack.pg.url(database), sim.url);
  await syncedOnce(stack.pg, database);
  await first.stop();
  const before = await storeDigest(stack.pg, database);

  say('a second worker starts the next (churned) sync; kill -9 once it reports progress');
  // A short interval, so that the run is due at once (scheduled runs skip a provider synced less than an interval ago).
  const victim = await stack.worker(stack.pg.url(database), sim.url, { SYNC_INTERVAL_SECONDS: '2' });
  const progress = await victim.waitForLine(/sync progress/);
  victim.signal('SIGKILL');
  await victim.exited;
  say(`killed during: ${JSON.parse(progress).msg}`);
  const after = await storeDigest(stack.pg, database);
  const left = (await runs(stack.pg, database)).map((run) => run.outcome);
  say(`store digest before ${before === after ? '=' : '≠'} after; runs now: ${left.join(', ')}`);

  say('a worker starts again');
  const next = await stack.worker(stack.pg.url(database), sim.url, { SYNC_INTERVAL_SECONDS: '2' });
  const final = await until('the next run', async () => {
    const all = await runs(stack.pg, database);
    return all.length >= 3 && all.at(-1)?.outcome !== 'running' ? all : null;
  });
  await next.stop();
  const outcomes = final.map((run) => run.outcome);
  say(`runs: ${outcomes.join(', ')}`);
  const passed = before === after && left.at(-1) === 'running' && outcomes[1] === 'abandoned' && outcomes.at(-1) === 'succeeded';
  return {
    drill: 'kill -9 of the worker mid-sync',
    expected: 'store byte-identical, the run marked abandoned, the next run succeeds',
    observed: `store ${before === after ? 'identical' : 'CHANGED'}; runs ${outcomes.join(' → ')}`,
    passed,
  };
}

async function twoWorkers(stack: Stack): Promise<DrillResult> {
  const database = await stack.database('drill_two_workers');
  // Each call takes 1.5 s, so two workers ticking every second keep running into each other.
  const sim = await stack.providerSim({ PROVIDER_SIM_FAULT: 'delay', PROVIDER_SIM_DELAY_MS: '1500' });
  say('two workers, SYNC_INTERVAL_SECONDS=1, a provider that takes 1.5 s per call, for 15 s');
  const workers = await Promise.all([0, 1].map(() => stack.worker(stack.pg.url(database), sim.url, { SYNC_INTERVAL_SECONDS: '1' })));
  await sleep(15_000);
  await Promise.all(workers.map((worker) => worker.stop()));
  const all = await runs(stack.pg, database);
  const ran = all.filter((run) => run.outcome !== 'skipped');
  let overlaps = 0;
  for (let index = 1; index < ran.length; index++) {
    const previousEnd = ran[index - 1].finished_at;
    if (!previousEnd || ran[index].started_at < previousEnd) overlaps++;
  }
  const count = (outcome: string) => all.filter((run) => run.outcome === outcome).length;
  say(`${all.length} runs recorded: ${count('succeeded')} succeeded, ${count('skipped')} skipped, ${count('failed')} failed; overlapping runs: ${overlaps}`);
  return {
    drill: 'two workers on one store',
    expected: 'one run at a time',
    observed: `${count('succeeded')} runs, ${overlaps} overlapping, ${count('skipped')} ticks skipped (lock held)`,
    passed: overlaps === 0 && count('succeeded') >= 2,
  };
}

/**
 * A request is in flight once the API has read it. The API logs each answer (at debug), so what it
 * answered is compared with what the clients received: equal, nothing in flight was lost. A client
 * can still see a reset on a connection the server closed before any request arrived on it (a race
 * of keep-alive, safe to retry); those are counted apart.
 */
async function sigtermUnderLoad(stack: Stack, database: string): Promise<DrillResult> {
  const api = await stack.api(database, { CACHE_TTL_SECONDS: '0', LOG_LEVEL: 'debug' });
  const load = new RequestLoop([SEARCH, ...PAGES].map((path) => api.base + path), 16);
  say('16 clients on /search and /events (cache off), SIGTERM to the API after 3 s');
  load.start();
  await sleep(3_000);
  api.process.signal('SIGTERM');
  const exit = await api.process.exited;
  await sleep(500);
  await load.stop();
  const window = load.take();
  const answered = api.process.output
    .split('\n')
    .filter((line) => line.includes('"request answered"') && !line.includes('"url":"/health'));
  const received = [...window.outcomes].filter(([outcome]) => /^\d{3}$/.test(outcome)).reduce((sum, [, count]) => sum + count, 0);
  const failedWhileAnswering = api.process.output.split('\n').filter((line) => line.includes('request failed while answering')).length;
  // A 503 answered while closing is not logged as read, so more may be received than read, never fewer.
  const lost = Math.max(0, answered.length - received) + failedWhileAnswering;
  say(`API exited ${exit.code ?? exit.signal}; ${window.describe()}`);
  say(`the API answered ${answered.length} requests, the clients received ${received} answers`);
  return {
    drill: 'SIGTERM to the API under load',
    expected: 'every request the API read is answered, exit 0',
    observed:
      `exit ${exit.code ?? exit.signal}; ${answered.length} read, ${received} answered (${window.count('200')}×200, ${window.count('503')}×503 while closing), ` +
      `${lost} lost; then refused; ${window.count('ECONNRESET')} resets of connections no request had reached`,
    passed: exit.code === 0 && lost === 0 && window.count('200') > 0,
  };
}

async function postgresRestartMidLoad(stack: Stack, database: string): Promise<DrillResult> {
  const api = await stack.api(database, { CACHE_TTL_SECONDS: '0' });
  const load = new RequestLoop([SEARCH, ...PAGES].map((path) => api.base + path), 8);
  load.start();
  await sleep(3_000);
  say(`before: ${load.take().describe()}`);
  say('pg_ctl restart -m fast of the drill cluster');
  await stack.pg.restart();
  await sleep(5_000);
  const during = load.take();
  say(`during and just after: ${during.describe()}`);
  await sleep(3_000);
  const after = load.take();
  await load.stop();
  const survived = api.process.running;
  say(`after: ${after.describe()}; the same API process (pid ${api.process.pid}) ${survived ? 'still serving' : 'is gone'}`);
  await api.process.stop();
  return {
    drill: 'PostgreSQL restarted mid-load',
    expected: 'no 500 (503 meanwhile), recovers without an API restart',
    observed: `during: ${during.count('200')}×200, ${during.count('503')}×503, ${during.count('500')}×500; after: ${after.other('200')} not 200`,
    passed: during.count('500') === 0 && after.total > 0 && after.other('200') === 0 && survived,
  };
}

async function postgresRestartMidSync(stack: Stack): Promise<DrillResult> {
  const database = await stack.database('drill_pg_sync');
  const sim = await stack.providerSim({ PROVIDER_SIM_MODE: 'generated', PROVIDER_SIM_BASE_EVENTS: '1000' });
  const worker = await stack.worker(stack.pg.url(database), sim.url, { SYNC_INTERVAL_SECONDS: '3' });
  await worker.waitForLine(/sync progress/);
  const restartedAt = new Date();
  say('pg_ctl restart -m fast while the first sync is under way');
  await stack.pg.restart();
  const after = await until(
    'a successful run after the restart',
    async () => {
      const all = await runs(stack.pg, database);
      return all.some((run) => run.outcome === 'succeeded' && run.started_at > restartedAt) ? all : null;
    },
    120_000,
  );
  await worker.stop();
  const outcomes = after.map((run) => run.outcome);
  say(`runs: ${outcomes.join(', ')}`);
  return {
    drill: 'PostgreSQL restarted mid-sync',
    expected: 'the cut run is not left running, a later run succeeds, worker keeps going',
    observed: `runs ${outcomes.join(' → ')}`,
    passed: outcomes[0] !== 'running' && outcomes.at(-1) === 'succeeded',
  };
}

async function redisStoppedAndFrozen(stack: Stack, database: string): Promise<DrillResult> {
  const redis = new DrillRedis(await freePort());
  await redis.start();
  const api = await stack.api(database, { REDIS_URL: redis.url, CACHE_TTL_SECONDS: '60' });
  const load = new RequestLoop([SEARCH, ...PAGES].map((path) => api.base + path), 8);
  load.start();
  await sleep(3_000);
  say(`warm cache: ${load.take().describe()}`);
  await redis.stop();
  await sleep(4_000);
  const stopped = load.take();
  say(`Redis killed, 4 s: ${stopped.describe()}`);
  await redis.start();
  await sleep(3_000);
  const restarted = load.take();
  say(`Redis back, 3 s: ${restarted.describe()}`);
  redis.freeze();
  await sleep(4_000);
  const frozen = load.take();
  say(`Redis frozen (SIGSTOP), 4 s: ${frozen.describe()}`);
  redis.thaw();
  await sleep(3_000);
  const thawed = load.take();
  say(`Redis thawed, 3 s: ${thawed.describe()}`);
  await load.stop();
  await api.process.stop();
  await redis.stop();
  const errors = [stopped, restarted, frozen, thawed].reduce((sum, window) => sum + window.other('200'), 0);
  return {
    drill: 'Redis stopped, then frozen, mid-load',
    expected: '0 errors (answers from PostgreSQL meanwhile)',
    observed: `${errors} errors; p99 stopped ${stopped.percentile(99).toFixed(0)} ms, frozen ${frozen.percentile(99).toFixed(0)} ms`,
    passed: errors === 0 && stopped.total > 0 && frozen.total > 0,
  };
}

async function providerFaults(stack: Stack): Promise<DrillResult> {
  const database = await stack.database('drill_provider');
  const sim = await stack.providerSim();
  const worker = await stack.worker(stack.pg.url(database), sim.url, { SYNC_INTERVAL_SECONDS: '2', PROVIDER_TIMEOUT_MS: '2000' });
  await syncedOnce(stack.pg, database);
  const api = await stack.api(stack.pg.url(database), { CACHE_TTL_SECONDS: '0' });
  const load = new RequestLoop([SEARCH, ...PAGES].map((path) => api.base + path), 8);
  load.start();
  await sleep(10_000);
  const baseline = load.take();
  say(`baseline, 10 s: ${baseline.describe()}`);
  const observed: string[] = [`baseline p99 ${baseline.percentile(99).toFixed(1)} ms`];
  let errors = 0;
  let worst = 0;
  for (const [name, query] of [
    ['503', '/faults?fault=503&count=1000'],
    ['stall', '/faults?fault=delay&count=1000&delay_ms=600000'],
    ['truncation', '/faults?fault=truncate&count=1000'],
  ]) {
    await sim.fault(query);
    await sleep(FAULT_SECONDS * 1000);
    await sim.fault('/reset');
    const window = load.take();
    say(`provider ${name} for ${FAULT_SECONDS} s: ${window.describe()}`);
    observed.push(`${name} p99 ${window.percentile(99).toFixed(1)} ms`);
    errors += window.other('200');
    worst = Math.max(worst, window.percentile(99) / baseline.percentile(99));
  }
  await load.stop();
  const failed = (await runs(stack.pg, database)).filter((run) => run.outcome === 'failed').length;
  say(`worker runs that failed meanwhile: ${failed}`);
  await api.process.stop();
  await worker.stop();
  return {
    drill: `provider 503 / stall / truncation, ${FAULT_SECONDS} s each`,
    expected: 'API latency unchanged, 0 errors',
    observed: `${observed.join(', ')}; ${errors} errors; ${failed} failed syncs`,
    passed: errors === 0 && worst <= 2,
  };
}

async function sigtermToStalledWorker(stack: Stack): Promise<DrillResult> {
  const database = await stack.database('drill_worker_stop');
  // One 64-byte piece of the feed, then silence for ten minutes.
  const sim = await stack.providerSim({ PROVIDER_SIM_FAULT: 'drip', PROVIDER_SIM_DELAY_MS: '600000' });
  const worker = await stack.worker(stack.pg.url(database), sim.url, { PROVIDER_TIMEOUT_MS: '600000' });
  await until('the run to start', async () => (await runs(stack.pg, database)).some((run) => run.outcome === 'running'));
  say('the provider stalls mid-feed; SIGTERM to the worker');
  const started = performance.now();
  worker.signal('SIGTERM');
  const exit = await worker.exited;
  const seconds = (performance.now() - started) / 1000;
  const outcomes = (await runs(stack.pg, database)).map((run) => run.outcome);
  const [{ events }] = await stack.pg.query<{ events: number }>('SELECT count(*)::int AS events FROM events', database);
  say(`exit ${exit.code ?? exit.signal} after ${seconds.toFixed(2)} s; runs: ${outcomes.join(', ')}; events stored: ${events}`);
  return {
    drill: 'SIGTERM to the worker while the provider stalls',
    expected: 'run aborted and rolled back within 10 s, exit 0',
    observed: `exit ${exit.code ?? exit.signal} in ${seconds.toFixed(2)} s; run ${outcomes.join(', ')}; ${events} events stored`,
    passed: exit.code === 0 && seconds < 10 && outcomes.length === 1 && outcomes[0] === 'failed' && events === 0,
  };
}

async function portAnswers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`).then(
    () => true,
    () => false,
  );
}

async function npmForwardsSigterm(stack: Stack): Promise<DrillResult> {
  const port = await freePort();
  say('npm run start:api, then kill -TERM of npm\'s own pid');
  const database = stack.pg.url(await stack.database('drill_npm'));
  const npm = WatchedProcess.command('npm', 'npm', ['run', '--silent', 'start:api'], { DATABASE_URL: database, PORT: String(port) }, ROOT);
  await until('the API to answer', () => portAnswers(port));
  npm.signal('SIGTERM');
  const exit = await npm.exited;
  const stillAnswers = await portAnswers(port);
  say(`npm exited ${exit.code ?? exit.signal}; the API ${stillAnswers ? 'STILL ANSWERS (orphaned node)' : 'is gone'}`);
  return {
    drill: 'SIGTERM to `npm run start:api`',
    expected: 'node gets it and stops, exit 0',
    observed: `npm exited ${exit.code ?? exit.signal}, API ${stillAnswers ? 'still answering' : 'stopped'}`,
    passed: exit.code === 0 && !stillAnswers,
  };
}

async function launcher(stack: Stack): Promise<DrillResult> {
  const [port, simPort] = [await freePort(), await freePort()];
  const database = stack.pg.url(await stack.database('drill_launcher'));
  const env = { DATABASE_URL: database, PORT: String(port), PROVIDER_SIM_PORT: String(simPort), WORKER_PORT: '0' };
  say(`make run's launcher with PORT ${port} already taken`);
  const squatter = createServer().listen(port, '0.0.0.0');
  const blocked = WatchedProcess.command('run-all', 'bash', ['tools/run-all.sh'], env, ROOT);
  const blockedExit = await blocked.exited;
  squatter.close();
  const named = /port \d+ is already in use: .*set PORT/.test(blocked.output);
  const printedUrls = blocked.output.includes('Search API');
  const simLeft = await portAnswers(simPort);
  say(`exit ${blockedExit.code}; names PORT: ${named}; printed URLs: ${printedUrls}; provider-sim left running: ${simLeft}`);

  say('the launcher again with free ports, SIGTERM once it prints the URLs');
  const run = WatchedProcess.command('run-all', 'bash', ['tools/run-all.sh'], env, ROOT);
  await run.waitForLine(/Search API/, 120_000);
  run.signal('SIGTERM');
  const exit = await run.exited;
  const left = (await Promise.all([port, simPort].map(portAnswers))).some(Boolean);
  say(`exit ${exit.code}; anything left answering: ${left}`);
  return {
    drill: '`make run` launcher',
    expected: 'an app dying stops all, exit 1 naming PORT, URLs only when ready; SIGTERM stops all, exit 0',
    observed: `port taken: exit ${blockedExit.code}, ${named ? 'names PORT' : 'does NOT name PORT'}, ${printedUrls ? 'URLs printed' : 'no URLs'}, ${simLeft ? 'sim LEFT' : 'all stopped'}; SIGTERM: exit ${exit.code}, ${left ? 'processes LEFT' : 'all stopped'}`,
    passed: blockedExit.code === 1 && named && !printedUrls && !simLeft && exit.code === 0 && !left,
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const pg = new DrillPostgres(await freePort());
  await pg.init();
  const stack = new Stack(pg);
  const results: DrillResult[] = [];
  const drills: [string, () => Promise<DrillResult>][] = [
    ['kill -9 of the worker mid-sync', () => killNineMidSync(stack)],
    ['two workers', () => twoWorkers(stack)],
    ['SIGTERM to the API under load', () => sigtermUnderLoad(stack, pg.url('drill_kill9'))],
    ['PostgreSQL restarted mid-load', () => postgresRestartMidLoad(stack, pg.url('drill_kill9'))],
    ['PostgreSQL restarted mid-sync', () => postgresRestartMidSync(stack)],
    ['Redis stopped and frozen mid-load', () => redisStoppedAndFrozen(stack, pg.url('drill_kill9'))],
    ['provider faults', () => providerFaults(stack)],
    ['SIGTERM to the worker while the provider stalls', () => sigtermToStalledWorker(stack)],
    ['SIGTERM to npm run start:api', () => npmForwardsSigterm(stack)],
    ['make run launcher', () => launcher(stack)],
  ];
  // DRILLS=<words>: only the drills whose name contains one of them.
  const only = process.env.DRILLS?.split(/[ ,]+/).filter(Boolean);
  try {
    for (const [name, drill] of drills.filter(([name]) => !only || only.some((word) => name.includes(word)))) {
      console.log(`\n== ${name}`);
      try {
        const result = await drill();
        results.push(result);
        console.log(`  => ${result.passed ? 'PASS' : 'FAIL'}: ${result.observed}`);
      } catch (error) {
        results.push({ drill: name, expected: '', observed: `drill broke: ${(error as Error).message.split('\n')[0]}`, passed: false });
        console.log(`  => FAIL: ${(error as Error).message}`);
      } finally {
        await stack.stopAll();
      }
    }
  } finally {
    pg.destroy();
  }
  console.log('\n| Drill | Expected | Observed | Result |\n|---|---|---|---|');
  for (const result of results) console.log(`| ${result.drill} | ${result.expected} | ${result.observed} | ${result.passed ? 'pass' : 'FAIL'} |`);
  process.exitCode = results.every((result) => result.passed) ? 0 : 1;
}

void main();
