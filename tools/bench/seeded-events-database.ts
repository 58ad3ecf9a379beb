import { join } from 'node:path';
import { Client } from 'pg';
import { LISTING_JSON_OF_ROW } from '@contexts/events/infrastructure/persistence/typeorm/migrations/1796040000000-listing-json';
import { runStatement } from '@shared/database/run-statement';
import { benchDatabaseUrl, freshBenchDatabase } from './bench-database';
import { runNode } from './run-node';

export interface SeededDatabase {
  url: string;
  /** False when the events of an earlier run were reused. */
  seeded: boolean;
  seedSeconds: number;
}

/** Seeded events start evenly over these years, so one month of them holds 1/(12 × SEEDED_YEARS) of all. */
export const SEEDED_FIRST_YEAR = 2000;
export const SEEDED_YEARS = 100;
const SEEDED_SPAN_SECONDS = (Date.UTC(SEEDED_FIRST_YEAR + SEEDED_YEARS, 0, 1) - Date.UTC(SEEDED_FIRST_YEAR, 0, 1)) / 1000;

/**
 * `count` events in one statement, every column filled as a sync would: start times evenly spread
 * over the seeded years, nine in ten once on sale online, one to four priced zones whose cheapest and
 * dearest are the row's min and max price. Deterministic, so every run searches the same rows.
 * Prices and zones depend on n % 180 only, so their 180 variants are built once and joined.
 */
const SEED_EVENTS = `
  WITH kinds AS (
    SELECT k, p.base_price, 1 + k % 4 AS zone_count, (
      SELECT json_agg(json_build_array(
        i::text, 'Zone ' || i, 100 * (i + 1), to_char(p.base_price + 5 * i, 'FM9999999990.00'), i % 2 = 0
      ) ORDER BY i)
      FROM generate_series(0, k % 4) AS i
    ) AS zones
    FROM generate_series(0, 179) AS k
    CROSS JOIN LATERAL (SELECT (10 + k % 90)::numeric(12, 2) + 0.5 AS base_price) AS p
  )
  INSERT INTO events (
    id, provider, base_event_id, event_id, title, starts_at, ends_at, sell_from, sell_to, sold_out,
    sell_mode, ever_online, first_online_at, first_seen_at, last_seen_at, zones, min_price, max_price, values_hash,
    listing_json
  )
  SELECT seeded.*, ${LISTING_JSON_OF_ROW}
  FROM (
    SELECT
      md5('bench-' || n)::uuid AS id, 'bench', (n / 5)::text, n::text, 'Bench event ' || n AS title,
      e.starts_at, e.starts_at + (1 + n % 3) * interval '1 hour' AS ends_at, e.starts_at - interval '60 days', e.starts_at - interval '1 hour',
      n % 7 = 0, CASE WHEN e.online THEN 'online' ELSE 'offline' END, e.online, CASE WHEN e.online THEN now() END, now(), now(),
      kinds.zones, kinds.base_price AS min_price, kinds.base_price + 5 * (kinds.zone_count - 1) AS max_price, md5('values-' || n)
    FROM generate_series(1, $1::int) AS n
    JOIN kinds ON kinds.k = n % 180
    CROSS JOIN LATERAL (
      SELECT
        timestamp '${SEEDED_FIRST_YEAR}-01-01' + ((n - 1)::bigint * ${SEEDED_SPAN_SECONDS} / $1::int) * interval '1 second' AS starts_at,
        n % 10 <> 0 AS online
    ) AS e
  ) AS seeded`;

async function storedEvents(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM events');
    return rows[0].count;
  } catch (error) {
    // No such database (3D000) or no events table yet (42P01): nothing to reuse.
    if (['3D000', '42P01'].includes((error as { code?: string }).code ?? '')) return 0;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The schema exactly as the app gets it: through its own `npm run migrate` entry point. */
async function migrate(url: string): Promise<void> {
  const migrated = await runNode(join(__dirname, '..', '..', 'apps/worker/src/migrate.js'), { DATABASE_URL: url, LOG_LEVEL: 'warn' });
  if (migrated.code !== 0) throw new Error(`migrations failed:\n${migrated.output}`);
}

/**
 * VACUUM as well as ANALYZE: it sets the visibility map, without which the covering search index
 * cannot answer alone; autovacuum would get there too, some time after a seed or a migration.
 * Quick when nothing changed.
 */
function vacuum(url: string): Promise<void> {
  return runStatement(url, 'VACUUM (ANALYZE) events');
}

/**
 * Runs `load` on an `events` table without its indexes and unique constraints, then builds them
 * again from their own definitions: building a btree once over a million rows is several times
 * faster than inserting a million keys into nine of them. Reading the definitions back keeps the
 * migrations the only place that says what they are.
 */
async function withIndexesBuiltAfter(client: Client, load: () => Promise<unknown>): Promise<void> {
  await client.query('BEGIN');
  try {
    // Room to sort each index in memory rather than in temporary files.
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    const { rows: constraints } = await client.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype IN ('p', 'u')`,
    );
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
       FROM pg_index WHERE indrelid = 'events'::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    for (const constraint of constraints) await client.query(`ALTER TABLE events DROP CONSTRAINT "${constraint.name}"`);
    await load();
    for (const constraint of constraints) await client.query(`ALTER TABLE events ADD CONSTRAINT "${constraint.name}" ${constraint.definition}`);
    for (const index of indexes) await client.query(index.definition);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * A database holding exactly `count` seeded events, in the schema the app's migrations create.
 * Seeding takes a while, so the events of an earlier run are reused unless `reseed` is set.
 */
export async function seededEventsDatabase(name: string, count: number, reseed: boolean): Promise<SeededDatabase> {
  const existing = benchDatabaseUrl(name);
  if (!reseed && (await storedEvents(existing)) === count) {
    // Events seeded by an older release get the schema of this one, as a deployment's would.
    await migrate(existing);
    await vacuum(existing);
    return { url: existing, seeded: false, seedSeconds: 0 };
  }

  const started = process.hrtime.bigint();
  const url = await freshBenchDatabase(name);
  await migrate(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await withIndexesBuiltAfter(client, () => client.query(SEED_EVENTS, [count]));
  } finally {
    await client.end();
  }
  await vacuum(url);
  return { url, seeded: true, seedSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
