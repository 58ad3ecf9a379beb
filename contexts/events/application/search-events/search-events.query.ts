import { PageRequest, SortDirection, SortField, SortPosition } from '../../domain/criteria/criteria';

/** A search, already normalized by the edge: bounds are wall-clock `YYYY-MM-DDTHH:MM:SS` text. */
export interface SearchEventsQuery {
  /** Events starting at or after this instant (inclusive). */
  startsAt: string | null;
  /** Events ending at or before this instant (inclusive). */
  endsAt: string | null;
  sortBy: SortField;
  sortDir: SortDirection;
  /** null: every matching event. */
  page: PageRequest | null;
  /** With a page: start after this position (keyset pagination) instead of at the page's offset. */
  after?: SortPosition | null;
}
