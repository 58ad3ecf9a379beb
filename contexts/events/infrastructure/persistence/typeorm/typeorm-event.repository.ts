import { EntityManager } from 'typeorm';
import { Criteria } from '@contexts/events/domain/criteria/criteria';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EventRepository, SaveBatchResult } from '@contexts/events/domain/event.repository';
import { EventSummary, EventSummaryPage } from '@contexts/events/domain/event-summary';
import { unlessDatabaseUnavailable } from '../database-unavailability';
import { EventMapper } from './event.mapper';
import { eventSearchStatements } from './event-search.sql';
import { UPSERT_EVENTS, upsertEventsParameters } from './upsert-events.sql';

/**
 * Events in PostgreSQL. Built on an EntityManager so the same class serves plain reads (the data
 * source's manager) and a sync's writes (a transaction's manager).
 */
export class TypeOrmEventRepository extends EventRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async saveBatch(events: readonly TicketedEvent[]): Promise<SaveBatchResult> {
    const rows = onePerIdentity(events).map((event) => EventMapper.toUpsertRow(event));
    if (rows.length === 0) return { inserted: 0, changed: 0, unchanged: 0 };
    const [{ inserted, changed }] = await this.manager.query<{ inserted: number; changed: number }[]>(
      UPSERT_EVENTS,
      upsertEventsParameters(rows),
    );
    return { inserted, changed, unchanged: rows.length - inserted - changed };
  }

  search(criteria: Criteria): Promise<EventSummaryPage> {
    return unlessDatabaseUnavailable(() => this.searchRows(criteria));
  }

  private async searchRows(criteria: Criteria): Promise<EventSummaryPage> {
    const { rows, count } = eventSearchStatements(criteria);
    const [events, counted] = await Promise.all([
      this.manager.query<EventSummary[]>(rows.text, rows.parameters),
      count ? this.manager.query<{ total: number }[]>(count.text, count.parameters) : null,
    ]);
    return { events, total: counted ? counted[0].total : events.length };
  }
}

/** The same event twice in a batch becomes one sighting: the last one, carrying the earlier ones' history. */
function onePerIdentity(events: readonly TicketedEvent[]): TicketedEvent[] {
  const latest = new Map<string, TicketedEvent>();
  for (const event of events) {
    const earlier = latest.get(event.id);
    latest.set(event.id, earlier ? event.continuing(earlier) : event);
  }
  return [...latest.values()];
}
