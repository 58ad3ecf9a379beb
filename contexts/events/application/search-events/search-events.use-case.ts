import { Criteria, Filter } from '../../domain/criteria/criteria';
import { EventRepository } from '../../domain/event.repository';
import { EventSummaryPage, RenderedListing, isRendered } from '../../domain/event-summary';
import { TooManyEvents } from '../../domain/errors/too-many-events.error';
import { LocalDateTime } from '../../domain/value-objects/local-date-time.value-object';
import { SearchEventsQuery } from './search-events.query';

export interface SearchLimits {
  /** Most events a search without pages may return; a window holding more is refused (TooManyEvents). */
  maxEvents: number;
}

/** Finds events that were ever on sale online and lie wholly inside the requested window. */
export class SearchEventsUseCase {
  constructor(
    private readonly events: EventRepository,
    private readonly limits: SearchLimits = { maxEvents: Number.POSITIVE_INFINITY },
  ) {}

  async execute(query: SearchEventsQuery): Promise<EventSummaryPage> {
    const found = await this.events.search(this.criteriaFor(query, query.page));
    if (query.page === null && found.events.length > this.limits.maxEvents) throw new TooManyEvents(this.limits.maxEvents);
    return found;
  }

  /** A search without pages, its events already rendered as a listing (what /search answers). */
  async listing(query: Omit<SearchEventsQuery, 'page'>): Promise<RenderedListing> {
    const listing = await this.events.listing(this.criteriaFor(query, null));
    // A listing that reached its limit (one past the most allowed) comes counted, not rendered.
    if (!isRendered(listing) || listing.count > this.limits.maxEvents) throw new TooManyEvents(this.limits.maxEvents);
    return listing;
  }

  private criteriaFor(query: Omit<SearchEventsQuery, 'page'>, page: SearchEventsQuery['page']): Criteria {
    // Bounds come rounded inward to the second, so a window within one second (valid as written;
    // the request layer refuses one written end first) arrives with its end before its start:
    // it holds no event, and the filters below find none.
    const startsAt = query.startsAt === null ? null : LocalDateTime.parse(query.startsAt);
    const endsAt = query.endsAt === null ? null : LocalDateTime.parse(query.endsAt);
    const filters: Filter[] = [{ field: 'ever_online', operator: 'eq', value: true }];
    if (startsAt) filters.push({ field: 'starts_at', operator: 'gte', value: startsAt.value });
    if (endsAt) filters.push({ field: 'ends_at', operator: 'lte', value: endsAt.value });
    // One event past the limit is enough to know the window holds too many, without reading them all.
    const limit = page === null && Number.isFinite(this.limits.maxEvents) ? this.limits.maxEvents + 1 : null;
    return new Criteria(filters, { by: query.sortBy, direction: query.sortDir }, page, limit, query.after ?? null);
  }
}
