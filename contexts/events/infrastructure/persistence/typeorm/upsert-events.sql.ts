/**
 * How stale `last_seen_at` may get for an event whose values did not change. A feed that repeats
 * itself then costs no writes at all, except one refresh per event and hour, so "last seen" stays
 * accurate to the hour.
 */
export const LAST_SEEN_RESOLUTION = '1 hour';

/**
 * Which events of a batch need writing, and why, read before anything is serialized for them:
 * the rows of an unchanged feed are never built nor sent. Parameters: the id, values hash, ever
 * online and last seen of each event, as arrays. Returns only the events to write, by position
 * (0-based) in those arrays: new, changed (other values, or online for the first time), or merely
 * stale (last seen more than LAST_SEEN_RESOLUTION before this sighting).
 *
 * The id is derived from the identity (UUID v5), so looking a sighting up by id is looking it up
 * by identity. Sync runs hold an exclusive lock, so nothing changes these rows before they are
 * written; the upsert's conflict filter repeats the test anyway, so a row is never rewritten for nothing.
 */
export const SIGHTINGS_TO_WRITE = `
SELECT seen.position::int - 1 AS position,
       stored.id IS NULL AS "isNew",
       COALESCE(stored.values_hash <> seen.values_hash OR (seen.ever_online AND NOT stored.ever_online), false) AS "isChanged"
FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::timestamptz[]) WITH ORDINALITY
     AS seen(id, values_hash, ever_online, last_seen_at, position)
-- LATERAL ... LIMIT 1 pins the plan to one primary-key lookup per sighting: left to itself, the
-- planner may hash the whole table instead, whose cost grows with the table, not the batch.
LEFT JOIN LATERAL (
  SELECT id, values_hash, ever_online, last_seen_at FROM events WHERE events.id = seen.id LIMIT 1
) AS stored ON true
WHERE stored.id IS NULL
   OR stored.values_hash <> seen.values_hash
   OR (seen.ever_online AND NOT stored.ever_online)
   OR stored.last_seen_at < seen.last_seen_at - interval '${LAST_SEEN_RESOLUTION}'
`;

/** Moves last_seen_at forward for unchanged events ($1 ids, $2 sighting times): a HOT update, no index touched. */
export const REFRESH_LAST_SEEN = `
UPDATE events SET last_seen_at = seen.last_seen_at
FROM unnest($1::uuid[], $2::timestamptz[]) AS seen(id, last_seen_at)
WHERE events.id = seen.id AND events.last_seen_at < seen.last_seen_at
`;

/** Every column of `events` with its type, in the order the writers send them. */
const EVENT_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['id', 'uuid'],
  ['provider', 'text'],
  ['base_event_id', 'text'],
  ['event_id', 'text'],
  ['title', 'text'],
  ['starts_at', 'timestamp'],
  ['ends_at', 'timestamp'],
  ['sell_from', 'timestamp'],
  ['sell_to', 'timestamp'],
  ['sold_out', 'boolean'],
  ['sell_mode', 'text'],
  ['ever_online', 'boolean'],
  ['first_online_at', 'timestamptz'],
  ['first_seen_at', 'timestamptz'],
  ['last_seen_at', 'timestamptz'],
  ['zones', 'json'],
  ['min_price', 'numeric(12, 2)'],
  ['max_price', 'numeric(12, 2)'],
  ['values_hash', 'text'],
  ['listing_json', 'text'],
];
const COLUMN_NAMES = EVENT_COLUMNS.map(([name]) => name).join(', ');
const COLUMN_DEFINITIONS = EVENT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');

/**
 * Writes the rows of `source` (shaped as EVENT_COLUMNS): inserts new events, rewrites changed ones.
 * History merges exactly as TicketedEvent.continuing() does: ever online stays online, the first
 * sightings survive, the latest values win.
 */
function upsertFrom(source: string): string {
  return `
INSERT INTO events AS stored (${COLUMN_NAMES})
SELECT ${COLUMN_NAMES} FROM ${source}
ON CONFLICT (id) DO UPDATE SET
  title = excluded.title,
  starts_at = excluded.starts_at,
  ends_at = excluded.ends_at,
  sell_from = excluded.sell_from,
  sell_to = excluded.sell_to,
  sold_out = excluded.sold_out,
  sell_mode = excluded.sell_mode,
  zones = excluded.zones,
  min_price = excluded.min_price,
  max_price = excluded.max_price,
  values_hash = excluded.values_hash,
  listing_json = excluded.listing_json,
  ever_online = stored.ever_online OR excluded.ever_online,
  first_online_at = COALESCE(stored.first_online_at, excluded.first_online_at),
  first_seen_at = LEAST(stored.first_seen_at, excluded.first_seen_at),
  last_seen_at = GREATEST(stored.last_seen_at, excluded.last_seen_at)
WHERE stored.values_hash <> excluded.values_hash
   OR (excluded.ever_online AND NOT stored.ever_online)
   OR stored.last_seen_at < excluded.last_seen_at - interval '${LAST_SEEN_RESOLUTION}'`;
}

/**
 * The batch's rows go through a temporary table filled by COPY: PostgreSQL reads COPY's text rows
 * several times faster than it parses the same rows out of statement parameters. The table lives
 * as long as the run's transaction and is emptied after each batch.
 */
export const CREATE_STAGING_TABLE = `CREATE TEMPORARY TABLE IF NOT EXISTS events_staging (${COLUMN_DEFINITIONS}) ON COMMIT DROP`;
export const COPY_INTO_STAGING = `COPY events_staging (${COLUMN_NAMES}) FROM STDIN`;

/**
 * New events go straight into `events` by COPY, without the staging table's second write and the
 * upsert's conflict checks: SIGHTINGS_TO_WRITE found no row for them, and a provider's runs hold
 * an exclusive lock, so none can appear before the transaction commits (if one did, the COPY would
 * fail on the primary key and the run roll back, never overwrite it).
 */
export const COPY_NEW_EVENTS = `COPY events (${COLUMN_NAMES}) FROM STDIN`;
export const UPSERT_STAGED_EVENTS = upsertFrom('events_staging');
export const EMPTY_STAGING_TABLE = 'TRUNCATE events_staging';

/**
 * The same upsert with the rows given as one JSON array of objects keyed by column name ($1), for
 * the embedded PGlite, whose wire protocol server does not support COPY.
 */
export const UPSERT_EVENTS_FROM_JSON = upsertFrom(`json_to_recordset($1::json) AS staged(${COLUMN_DEFINITIONS})`);
