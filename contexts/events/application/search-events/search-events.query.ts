import { PageRequest, SortDirection, SortField } from '../../domain/criteria/criteria';

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
}
