import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { timestampText } from './batch-parameters';
import { EventUpsertRow } from './event.mapper';
import {
  COPY_INTO_STAGING,
  COPY_NEW_EVENTS,
  CREATE_STAGING_TABLE,
  EMPTY_STAGING_TABLE,
  UPSERT_EVENTS_FROM_JSON,
  UPSERT_STAGED_EVENTS,
} from './upsert-events.sql';

/**
 * Inserts `fresh` rows (events not stored yet) and rewrites `changed` ones. `manager` must be
 * bound to a transaction: the staging table is per connection and lives until commit.
 */
export async function writeEventRows(
  manager: EntityManager,
  fresh: readonly EventUpsertRow[],
  changed: readonly EventUpsertRow[],
): Promise<void> {
  if (!(await acceptsCopy(manager))) {
    await manager.query(UPSERT_EVENTS_FROM_JSON, [`[${[...fresh, ...changed].map(jsonRecord).join(',')}]`]);
    return;
  }
  const client = (await manager.queryRunner?.connect()) as PoolClient;
  if (fresh.length > 0) await copyRows(client, COPY_NEW_EVENTS, fresh);
  if (changed.length > 0) {
    await manager.query(CREATE_STAGING_TABLE);
    await copyRows(client, COPY_INTO_STAGING, changed);
    await manager.query(UPSERT_STAGED_EVENTS);
    await manager.query(EMPTY_STAGING_TABLE);
  }
}

function copyRows(client: PoolClient, statement: string, rows: readonly EventUpsertRow[]): Promise<void> {
  return pipeline(Readable.from(copyChunks(rows)), client.query(copyFrom(statement)));
}

/** Bytes per piece of a COPY: PostgreSQL stores the first pieces while the next ones are encoded. */
const COPY_CHUNK_BYTES = 64 * 1024;

/**
 * The rows in COPY's text format, in pieces of about COPY_CHUNK_BYTES. Each line is encoded
 * straight into its piece: joined as one string, a single non-ASCII title turned the whole text
 * two-byte and encoding it cost four times as much; encoded line by line into buffers of their
 * own, allocating and concatenating them cost as much as rendering the lines.
 */
function* copyChunks(rows: readonly EventUpsertRow[]): Generator<Buffer> {
  let chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  let used = 0;
  for (const row of rows) {
    const line = copyLine(row);
    // A UTF-16 unit never takes more than three bytes in UTF-8.
    const most = line.length * 3;
    if (used + most > chunk.length) {
      if (used > 0) yield chunk.subarray(0, used);
      chunk = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, most));
      used = 0;
    }
    used += chunk.write(line, used);
  }
  if (used > 0) yield chunk.subarray(0, used);
}

const copySupport = new WeakMap<DataSource, Promise<boolean>>();

/**
 * The embedded PGlite's socket server loses the protocol's thread on COPY; every real server takes
 * it. Asked on the transaction's own connection: PGlite holds every other one until it commits.
 */
function acceptsCopy(manager: EntityManager): Promise<boolean> {
  let answer = copySupport.get(manager.connection);
  if (!answer) {
    answer = manager
      .query<{ version: string }[]>('SELECT version()')
      .then(([{ version }]) => !version.includes('PGlite'));
    copySupport.set(manager.connection, answer);
    // A failed question is asked again by the next batch rather than failing every later one.
    answer.catch(() => copySupport.delete(manager.connection));
  }
  return answer;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const COPY_SPECIAL = /[\\\n\r\t]/g;

/** A value in COPY's text format: NULL is \N, and the separators and backslash are escaped. */
function copyText(value: string | null): string {
  return value === null ? '\\N' : value.replace(COPY_SPECIAL, (special) => COPY_ESCAPES[special]);
}

/** One row in COPY's text format, columns in EVENT_COLUMNS order. */
function copyLine(row: EventUpsertRow): string {
  return (
    `${row.id}\t${copyText(row.provider)}\t${copyText(row.baseEventId)}\t${copyText(row.eventId)}\t${copyText(row.title)}\t` +
    `${row.startsAt}\t${row.endsAt}\t${copyText(row.sellFrom)}\t${copyText(row.sellTo)}\t${row.soldOut}\t` +
    `${row.sellMode}\t${row.everOnline}\t${row.firstOnlineAt ? timestampText(row.firstOnlineAt) : '\\N'}\t` +
    `${timestampText(row.firstSeenAt)}\t${timestampText(row.lastSeenAt)}\t${copyText(row.zones)}\t` +
    `${copyText(row.minPrice)}\t${copyText(row.maxPrice)}\t${row.valuesHash}\t${copyText(row.listingJson)}\n`
  );
}

/** One row as a JSON object keyed by column name; the zones are JSON already and go in as they are. */
function jsonRecord(row: EventUpsertRow): string {
  const columns = JSON.stringify({
    id: row.id,
    provider: row.provider,
    base_event_id: row.baseEventId,
    event_id: row.eventId,
    title: row.title,
    starts_at: row.startsAt,
    ends_at: row.endsAt,
    sell_from: row.sellFrom,
    sell_to: row.sellTo,
    sold_out: row.soldOut,
    sell_mode: row.sellMode,
    ever_online: row.everOnline,
    first_online_at: row.firstOnlineAt,
    first_seen_at: row.firstSeenAt,
    last_seen_at: row.lastSeenAt,
    min_price: row.minPrice,
    max_price: row.maxPrice,
    values_hash: row.valuesHash,
    listing_json: row.listingJson,
  });
  return `${columns.slice(0, -1)},"zones":${row.zones}}`;
}
