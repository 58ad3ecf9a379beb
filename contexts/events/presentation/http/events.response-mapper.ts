import { EventSummary, EventSummaryPage } from '../../domain/event-summary';
import { ErrorResponseDto, EventSummaryDto, EventsPageResponseDto, SearchEventsResponseDto } from './events.response-dto';

/** Splits the wall-clock text; going through `Date` would shift it by the host's timezone. */
function toEventSummaryDto(event: EventSummary): EventSummaryDto {
  return {
    id: event.id,
    title: event.title,
    start_date: event.startsAt.slice(0, 10),
    start_time: event.startsAt.slice(11, 19),
    end_date: event.endsAt.slice(0, 10),
    end_time: event.endsAt.slice(11, 19),
    min_price: event.minPrice === null ? null : Number(event.minPrice),
    max_price: event.maxPrice === null ? null : Number(event.maxPrice),
  };
}

export function searchEventsResponse(found: EventSummaryPage): SearchEventsResponseDto {
  return { data: { events: found.events.map(toEventSummaryDto) }, error: null };
}

export function eventsPageResponse(found: EventSummaryPage, page: { number: number; size: number }, nextCursor: string | null): EventsPageResponseDto {
  return {
    data: {
      events: found.events.map(toEventSummaryDto),
      page: page.number,
      pageSize: page.size,
      totalRows: found.total,
      totalPages: Math.ceil(found.total / page.size),
      nextCursor,
    },
    error: null,
  };
}

export function errorResponse(code: string, message: string): ErrorResponseDto {
  return { error: { code, message }, data: null };
}
