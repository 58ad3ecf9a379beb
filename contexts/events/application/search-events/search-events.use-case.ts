import { Criteria, Filter } from '../../domain/criteria/criteria';
import { EventRepository } from '../../domain/event.repository';
import { EventSummaryPage } from '../../domain/event-summary';
import { InvalidDateRange } from '../../domain/errors/invalid-date-range.error';
import { LocalDateTime } from '../../domain/value-objects/local-date-time.value-object';
import { SearchEventsQuery } from './search-events.query';

/** Finds events that were ever on sale online and lie wholly inside the requested window. */
export class SearchEventsUseCase {
  constructor(private readonly events: EventRepository) {}

  async execute(query: SearchEventsQuery): Promise<EventSummaryPage> {
    return this.events.search(this.criteriaFor(query));
  }

  private criteriaFor(query: SearchEventsQuery): Criteria {
    const startsAt = query.startsAt === null ? null : LocalDateTime.parse(query.startsAt);
    const endsAt = query.endsAt === null ? null : LocalDateTime.parse(query.endsAt);
    if (startsAt && endsAt && endsAt.isBefore(startsAt)) {
      throw new InvalidDateRange('the search window', startsAt.value, endsAt.value);
    }
    const filters: Filter[] = [{ field: 'ever_online', operator: 'eq', value: true }];
    if (startsAt) filters.push({ field: 'starts_at', operator: 'gte', value: startsAt.value });
    if (endsAt) filters.push({ field: 'ends_at', operator: 'lte', value: endsAt.value });
    return new Criteria(filters, { by: query.sortBy, direction: query.sortDir }, query.page);
  }
}
