import { EntityManager } from 'typeorm';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { parseSellMode } from '@contexts/events/domain/sell-mode';
import { EventOrmEntity } from '@contexts/events/infrastructure/persistence/typeorm/event.orm-entity';
import { LISTING_JSON_OF_ROW } from '@contexts/events/infrastructure/persistence/typeorm/migrations/1796040000000-listing-json';

const WALL_CLOCK = `'YYYY-MM-DD"T"HH24:MI:SS'`;

/** Reads an event back as stored, history included, to check what a write left behind. */
export async function storedEvent(manager: EntityManager, id: string): Promise<TicketedEvent | null> {
  const rows = await manager.query<EventOrmEntity[]>(
    `SELECT id, provider, base_event_id AS "baseEventId", event_id AS "eventId", title,
            to_char(starts_at, ${WALL_CLOCK}) AS "startsAt", to_char(ends_at, ${WALL_CLOCK}) AS "endsAt",
            to_char(sell_from, ${WALL_CLOCK}) AS "sellFrom", to_char(sell_to, ${WALL_CLOCK}) AS "sellTo",
            sold_out AS "soldOut", sell_mode AS "sellMode", ever_online AS "everOnline",
            first_online_at AS "firstOnlineAt", first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt",
            zones, min_price::text AS "minPrice", max_price::text AS "maxPrice", values_hash AS "valuesHash"
     FROM events WHERE id = $1`,
    [id],
  );
  return rows.length > 0 ? rehydrated(rows[0]) : null;
}

/** Changes a stored title behind the sync's back, its listing entry with it, as a sync would have. */
export async function renameStoredEvent(manager: EntityManager, id: string, title: string): Promise<void> {
  await manager.query('UPDATE events SET title = $1 WHERE id = $2', [title, id]);
  await manager.query(`UPDATE events SET listing_json = ${LISTING_JSON_OF_ROW} WHERE id = $1`, [id]);
}

function rehydrated(row: EventOrmEntity): TicketedEvent {
  return TicketedEvent.fromPrimitives({
    ...row,
    sellMode: parseSellMode(row.sellMode),
    zones: row.zones.map(([zoneId, name, capacity, price, numbered]) => ({ zoneId, name, capacity, price, numbered })),
  });
}

/** The physical version of each stored row: unchanged when a write left the row alone. */
export async function rowVersions(manager: EntityManager): Promise<Map<string, string>> {
  const rows = await manager.query<{ id: string; version: string }[]>('SELECT id, xmin::text AS version FROM events');
  return new Map(rows.map((row) => [row.id, row.version]));
}
