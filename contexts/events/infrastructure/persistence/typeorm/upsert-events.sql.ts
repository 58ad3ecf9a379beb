import { EventUpsertRow } from './event.mapper';

/**
 * How stale `last_seen_at` may get for an event whose values did not change. A feed that repeats
 * itself then costs no writes at all, except one refresh per event and hour, so "last seen" stays
 * accurate to the hour.
 */
export const LAST_SEEN_RESOLUTION = '1 hour';

/**
 * Upserts a whole batch in one statement, one row per identity (Postgres refuses to affect the same
 * row twice in one statement). Parameters, from upsertEventsParameters():
 *   $1..$4  id, values_hash, ever_online, last_seen_at of each event: all `sighting` needs to tell
 *           new, changed, stale and unchanged events apart against the stored rows;
 *   $5      each event's row as JSON (EventMapper.toUpsertRow), one per line. Only the lines of events to write are
 *           parsed, so a batch of unchanged events costs a lookup per event and no JSON parsing.
 *
 * History merges exactly as Event.continuing() does: ever online stays online, the first sightings
 * survive, the latest values win. The conflict filter repeats the classification, so a row is never
 * rewritten for nothing even if it changed since `sighting` read it.
 *
 * The counts come from the same statement: `sighting` reads the stored rows under the statement's
 * snapshot (a CTE never sees the INSERT's own effects), and xmax = 0 marks a row the INSERT created
 * rather than updated. A refresh of last_seen_at alone counts as unchanged. The id is derived from
 * the identity (UUID v5), so looking a sighting up by id is looking it up by identity.
 */
export const UPSERT_EVENTS = `
WITH sighting AS (
  SELECT seen.*,
         stored.id IS NULL AS is_new,
         stored.values_hash <> seen.values_hash OR (seen.ever_online AND NOT stored.ever_online) AS is_changed,
         stored.last_seen_at < seen.last_seen_at - interval '${LAST_SEEN_RESOLUTION}' AS is_stale
  FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::timestamptz[], string_to_array($5, E'\\n'))
       AS seen(id, values_hash, ever_online, last_seen_at, line)
  -- LATERAL ... LIMIT 1 pins the plan to one primary-key lookup per sighting: left to itself, the
  -- planner may hash the whole table instead, whose cost grows with the table, not the batch.
  LEFT JOIN LATERAL (
    SELECT id, values_hash, ever_online, last_seen_at FROM events WHERE events.id = seen.id LIMIT 1
  ) AS stored ON true
),
written AS (
  INSERT INTO events AS stored (
    id, provider, base_event_id, event_id, title, starts_at, ends_at, sell_from, sell_to, sold_out,
    sell_mode, ever_online, first_online_at, first_seen_at, last_seen_at, zones, min_price, max_price,
    values_hash
  )
  SELECT event.*
  FROM sighting
  CROSS JOIN LATERAL jsonb_to_record(sighting.line::jsonb) AS event(
    "id" uuid, "provider" text, "baseEventId" text, "eventId" text, "title" text,
    "startsAt" timestamp, "endsAt" timestamp, "sellFrom" timestamp, "sellTo" timestamp,
    "soldOut" boolean, "sellMode" text, "everOnline" boolean, "firstOnlineAt" timestamptz,
    "firstSeenAt" timestamptz, "lastSeenAt" timestamptz, "zones" jsonb,
    "minPrice" numeric(12, 2), "maxPrice" numeric(12, 2), "valuesHash" text
  )
  WHERE sighting.is_new OR sighting.is_changed OR sighting.is_stale
  ON CONFLICT (provider, base_event_id, event_id) DO UPDATE SET
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
    ever_online = stored.ever_online OR excluded.ever_online,
    first_online_at = COALESCE(stored.first_online_at, excluded.first_online_at),
    first_seen_at = LEAST(stored.first_seen_at, excluded.first_seen_at),
    last_seen_at = GREATEST(stored.last_seen_at, excluded.last_seen_at)
  WHERE stored.values_hash <> excluded.values_hash
     OR (excluded.ever_online AND NOT stored.ever_online)
     OR stored.last_seen_at < excluded.last_seen_at - interval '${LAST_SEEN_RESOLUTION}'
  RETURNING (stored.xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM written WHERE inserted)::int AS inserted,
       (SELECT count(*) FROM sighting WHERE is_changed)::int AS changed
`;

/** The parameters of UPSERT_EVENTS, in its order. */
export function upsertEventsParameters(rows: readonly EventUpsertRow[]): unknown[] {
  return [
    rows.map((row) => row.id),
    rows.map((row) => row.valuesHash),
    rows.map((row) => row.everOnline),
    rows.map((row) => row.lastSeenAt.toISOString()),
    // JSON.stringify escapes every line break inside a value, so a newline only ever separates rows.
    rows.map((row) => row.line).join('\n'),
  ];
}
