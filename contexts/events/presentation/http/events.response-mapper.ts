import { EventSummaryPage, RenderedListing, listingEntryOf } from '../../domain/event-summary';
import { ErrorResponseDto, EventsPageResponseDto } from './events.response-dto';

/** SearchEventsResponseDto's JSON around a listing's array, which is never parsed and serialized again. */
export function searchEventsResponseJson(listing: RenderedListing): string {
  return `{"data":{"events":${listing.json}},"error":null}`;
}

export function eventsPageResponse(found: EventSummaryPage, page: { number: number; size: number }, nextCursor: string | null): EventsPageResponseDto {
  return {
    data: {
      events: found.events.map(listingEntryOf),
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
