import { EntityManager } from 'typeorm';
import { Criteria } from '@contexts/events/domain/criteria/criteria';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EventRepository, SaveBatchResult } from '@contexts/events/domain/event.repository';
import { EventListing, EventSummary, EventSummaryPage } from '@contexts/events/domain/event-summary';
import { unlessDatabaseUnavailable } from '../database-unavailability';
import { plainArrayLiteral, timestampText } from './batch-parameters';
import { EventMapper, EventSighting, EventUpsertRow } from './event.mapper';
import { writeEventRows } from './event-rows.writer';
import { eventListingStatement, eventSearchStatements } from './event-search.sql';
import { readOnReplica } from './read-on-replica';
import { REFRESH_LAST_SEEN, SIGHTINGS_TO_WRITE } from './upsert-events.sql';

/**
 * Events in PostgreSQL. Built on an EntityManager so the same class serves plain reads (the data
 * source's manager) and a sync's writes (a transaction's manager).
 */
export class TypeOrmEventRepository extends EventRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async saveBatch(events: readonly TicketedEvent[]): Promise<SaveBatchResult> {
    const { sightings, superseded } = onePerIdentity(events);
    if (sightings.length === 0) return superseded;
    // A sync passes the manager of its transaction; anyone else gets one transaction per batch.
    const saved = await (this.manager.queryRunner?.isTransactionActive
      ? saveSightings(this.manager, sightings)
      : this.manager.transaction((manager) => saveSightings(manager, sightings)));
    return { inserted: saved.inserted, changed: saved.changed + superseded.changed, unchanged: saved.unchanged + superseded.unchanged };
  }

  search(criteria: Criteria): Promise<EventSummaryPage> {
    return unlessDatabaseUnavailable(() => this.searchRows(criteria));
  }

  /** The entries come rendered from the store (`listing_json`), so no row is parsed, mapped or serialized here. */
  listing(criteria: Criteria): Promise<EventListing> {
    return unlessDatabaseUnavailable(async () => {
      const { text, parameters } = eventListingStatement(criteria);
      const [listing] = await this.read<EventListing[]>(text, parameters);
      return listing;
    });
  }

  private async searchRows(criteria: Criteria): Promise<EventSummaryPage> {
    const { rows, count } = eventSearchStatements(criteria);
    const [events, counted] = await Promise.all([
      this.read<EventSummary[]>(rows.text, rows.parameters),
      count ? this.read<{ total: number }[]>(count.text, count.parameters) : null,
    ]);
    return { events, total: counted ? counted[0].total : events.length };
  }

  /** On the read replica when one is configured (DATABASE_READ_URL), unless inside a transaction. */
  private read<T>(sql: string, parameters: unknown[]): Promise<T> {
    return this.manager.queryRunner ? this.manager.query<T>(sql, parameters) : readOnReplica<T>(this.manager, sql, parameters);
  }
}

/**
 * Reads which sightings need writing first, so an unchanged event costs one index lookup and
 * nothing else (its row is never built); then inserts new events, rewrites changed ones and
 * refreshes the stale ones.
 */
async function saveSightings(manager: EntityManager, sightings: readonly EventSighting[]): Promise<SaveBatchResult> {
  const due = await manager.query<{ position: number; isNew: boolean; isChanged: boolean }[]>(SIGHTINGS_TO_WRITE, [
    plainArrayLiteral(sightings.map(({ event }) => event.id)),
    plainArrayLiteral(sightings.map(({ valuesHash }) => valuesHash)),
    plainArrayLiteral(sightings.map(({ event }) => event.everOnline)),
    plainArrayLiteral(sightings.map(({ event }) => timestampText(event.lastSeenAt))),
  ]);
  const fresh: EventUpsertRow[] = [];
  const changed: EventUpsertRow[] = [];
  const stale: TicketedEvent[] = [];
  for (const { position, isNew, isChanged } of due) {
    const sighting = sightings[position];
    if (isNew) fresh.push(EventMapper.toUpsertRow(sighting));
    else if (isChanged) changed.push(EventMapper.toUpsertRow(sighting));
    else stale.push(sighting.event);
  }
  if (fresh.length + changed.length > 0) await writeEventRows(manager, fresh, changed);
  if (stale.length > 0) {
    await manager.query(REFRESH_LAST_SEEN, [
      plainArrayLiteral(stale.map((event) => event.id)),
      plainArrayLiteral(stale.map((event) => timestampText(event.lastSeenAt))),
    ]);
  }
  return { inserted: fresh.length, changed: changed.length, unchanged: sightings.length - fresh.length - changed.length };
}

/**
 * The same event twice in a batch is written once: its last sighting, carrying the earlier ones'
 * history. Every sighting still counts, so that a run's counts add up to the items it read: one
 * that a later one supersedes counts as changed or unchanged against that later one.
 */
function onePerIdentity(events: readonly TicketedEvent[]): { sightings: EventSighting[]; superseded: SaveBatchResult } {
  const latest = new Map<string, EventSighting>();
  const superseded: SaveBatchResult = { inserted: 0, changed: 0, unchanged: 0 };
  for (const event of events) {
    const earlier = latest.get(event.id);
    const sighting = EventMapper.toSighting(earlier ? event.continuing(earlier.event) : event);
    if (earlier) superseded[earlier.valuesHash === sighting.valuesHash ? 'unchanged' : 'changed'] += 1;
    latest.set(event.id, sighting);
  }
  return { sightings: [...latest.values()], superseded };
}
