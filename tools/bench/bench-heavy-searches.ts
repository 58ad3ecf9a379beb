import { join } from 'node:path';
import { freePort } from '@shared/net/free-port';
import { measureLoad } from './http-load';
import { startNodeServer } from './node-server';
import { resultsTable } from './results-table';
import { seededEventsDatabase } from './seeded-events-database';

/**
 * `make bench-heavy-searches`: the API on a 96 MB heap, cache off, over the million events of
 * bench-http, taking 16 concurrent unbounded GET /search (each over the whole store) while a
 * small /events page is asked at a steady rate beside them. Prints how the large ones were
 * answered, the small ones' latency, and whether the API is still up; asserts nothing.
 */
const API_ENTRY = join(__dirname, '..', '..', 'apps/api/src/main.js');
const HEAP_MB = 96;
const HEAVY_CONNECTIONS = 16;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const SMALL_RATE = 50;

async function main(): Promise<void> {
  const database = await seededEventsDatabase('events_bench_http', 1_000_000, false);
  const port = await freePort();
  const api = await startNodeServer(API_ENTRY, {
    port,
    readyPath: '/health',
    nodeFlags: [`--max-old-space-size=${HEAP_MB}`],
    env: { DATABASE_URL: database.url, PORT: String(port), CACHE_TTL_SECONDS: '0', LOG_LEVEL: 'warn' },
  });
  try {
    console.log(`api on a ${HEAP_MB} MB heap; ${HEAVY_CONNECTIONS} connections asking /search (whole store) and /events?pageSize=10 over one day at ${SMALL_RATE} req/s, ${DURATION_SECONDS} s`);
    const [heavy, small] = await Promise.all([
      measureLoad({ origin: api.url, path: '/search', connections: HEAVY_CONNECTIONS, durationSeconds: DURATION_SECONDS }),
      measureLoad({ origin: api.url, path: '/events?pageSize=10&starts_at=2050-06-01&ends_at=2050-06-01', connections: 2, durationSeconds: DURATION_SECONDS, overallRate: SMALL_RATE }),
    ]);
    const after = await fetch(`${api.url}/health`);
    console.log(resultsTable([
      { run: `unbounded /search (answers: 400 TOO_MANY_EVENTS, counted as failures: ${heavy.failures})`, connections: HEAVY_CONNECTIONS, figures: heavy },
      { run: `small /events page beside them (failures ${small.failures})`, connections: 2, figures: small },
    ]));
    console.log(`api after the run: GET /health ${after.status}`);
  } finally {
    await api.stop();
  }
}

main().catch((error: Error) => {
  console.error(`bench-heavy-searches failed: ${error.message}`);
  process.exit(1);
});
