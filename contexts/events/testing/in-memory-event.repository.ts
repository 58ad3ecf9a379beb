import { Criteria, Filter, SortField } from '../domain/criteria/criteria';
import { TicketedEvent, EventPrimitives } from '../domain/ticketed-event.aggregate';
import { EventRepository, SaveBatchResult } from '../domain/event.repository';
import { EventListing, EventSummary, EventSummaryPage, listingOf } from '../domain/event-summary';

type Comparable = string | number | null;

const SORT_VALUE: Record<SortField, (e: TicketedEvent) => Comparable> = {
  starts_at: (e) => e.schedule.start.value,
  ends_at: (e) => e.schedule.end.value,
  title: (e) => e.title,
  min_price: (e) => e.minPrice?.cents ?? null,
  max_price: (e) => e.maxPrice?.cents ?? null,
};

/** A SortPosition's text value, in SORT_VALUE's terms. */
const POSITION_VALUE: Record<SortField, (value: string | null) => Comparable> = {
  starts_at: (value) => value,
  ends_at: (value) => value,
  title: (value) => value,
  min_price: (value) => (value === null ? null : Math.round(Number(value) * 100)),
  max_price: (value) => (value === null ? null : Math.round(Number(value) * 100)),
};

function matches(event: TicketedEvent, filter: Filter): boolean {
  const actual: Record<Filter['field'], string | boolean> = {
    starts_at: event.schedule.start.value,
    ends_at: event.schedule.end.value,
    ever_online: event.everOnline,
  };
  const value = actual[filter.field];
  if (filter.operator === 'eq') return value === filter.value;
  if (filter.operator === 'gte') return value >= filter.value;
  return value <= filter.value;
}

function compare(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  if (a === null) return 1; // nulls last, whatever the direction
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The repository contract, in memory, for unit tests of the application layer. */
export class InMemoryEventRepository extends EventRepository {
  private readonly events = new Map<string, TicketedEvent>();
  private readonly writes: string[] = [];

  async saveBatch(batch: readonly TicketedEvent[]): Promise<SaveBatchResult> {
    const result = { inserted: 0, changed: 0, unchanged: 0 };
    // As in PostgreSQL: the same event twice in a batch is written once, as its last sighting with
    // the earlier ones' history, and an earlier one counts against the one that supersedes it.
    const latest = new Map<string, TicketedEvent>();
    for (const event of batch) {
      const earlier = latest.get(event.id);
      if (earlier) result[sameValues(earlier, event) ? 'unchanged' : 'changed'] += 1;
      latest.set(event.id, earlier ? event.continuing(earlier) : event);
    }
    for (const event of latest.values()) {
      const previous = this.events.get(event.id);
      if (!previous) result.inserted += 1;
      else if (sameValues(previous, event)) {
        result.unchanged += 1;
        continue;
      } else result.changed += 1;
      this.events.set(event.id, previous ? event.continuing(previous) : event);
      this.writes.push(event.id);
    }
    return result;
  }

  async search(criteria: Criteria): Promise<EventSummaryPage> {
    const { by, direction } = criteria.order;
    const sign = direction === 'asc' ? 1 : -1;
    const inOrder = (x: Comparable, xId: string, y: Comparable, yId: string) =>
      (x === null || y === null ? compare(x, y) : sign * compare(x, y)) || sign * compare(xId, yId);
    const found = [...this.events.values()]
      .filter((event) => criteria.filters.every((filter) => matches(event, filter)))
      .sort((a, b) => inOrder(SORT_VALUE[by](a), a.id, SORT_VALUE[by](b), b.id));
    const { after } = criteria;
    const afterValue = after === null ? null : POSITION_VALUE[by](after.value);
    const rest = after === null ? found : found.filter((event) => inOrder(SORT_VALUE[by](event), event.id, afterValue, after.id) > 0);
    const page = criteria.page
      ? rest.slice(criteria.offset, criteria.offset + criteria.page.size)
      : rest.slice(0, criteria.limit ?? rest.length);
    return { events: page.map(summaryOf), total: found.length };
  }

  async listing(criteria: Criteria): Promise<EventListing> {
    const { events } = await this.search(criteria);
    return criteria.limit !== null && events.length >= criteria.limit ? { count: events.length, json: null } : listingOf(events);
  }

  stored(): TicketedEvent[] {
    return [...this.events.values()];
  }

  find(id: string): TicketedEvent | undefined {
    return this.events.get(id);
  }

  /** Ids in the order they were written, to check that unchanged events were not rewritten. */
  writtenIds(): string[] {
    return [...this.writes];
  }
}

function summaryOf(event: TicketedEvent): EventSummary {
  return {
    id: event.id,
    title: event.title,
    startsAt: event.schedule.start.value,
    endsAt: event.schedule.end.value,
    minPrice: event.minPrice?.toDecimalString() ?? null,
    maxPrice: event.maxPrice?.toDecimalString() ?? null,
  };
}

/** Sighting timestamps are bookkeeping: they do not count as a change. */
const BOOKKEEPING: ReadonlySet<string> = new Set<keyof EventPrimitives>(['firstSeenAt', 'lastSeenAt', 'firstOnlineAt']);

/** Same published values. */
function sameValues(previous: TicketedEvent, latest: TicketedEvent): boolean {
  const values = (e: TicketedEvent) => JSON.stringify(Object.entries(e.toPrimitives()).filter(([key]) => !BOOKKEEPING.has(key)));
  return values(previous) === values(latest.continuing(previous));
}
