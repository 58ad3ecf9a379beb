import { SortField } from './criteria/criteria';

/**
 * The read model a search returns: what a listing needs, without zones. Read straight from the
 * store so a search never rebuilds aggregates.
 */
export interface EventSummary {
  id: string;
  title: string;
  /** Wall-clock `YYYY-MM-DDTHH:MM:SS`, as the provider gave it. */
  startsAt: string;
  endsAt: string;
  /** Exact decimal text, null when the event has no zones. */
  minPrice: string | null;
  maxPrice: string | null;
}

export interface EventSummaryPage {
  events: EventSummary[];
  /** Every event matching the filters, across all pages. */
  total: number;
}

/** An event's value for a sort field, as text (see SortPosition). */
export function sortValueOf(event: EventSummary, by: SortField): string | null {
  const values: Record<SortField, string | null> = {
    starts_at: event.startsAt,
    ends_at: event.endsAt,
    title: event.title,
    min_price: event.minPrice,
    max_price: event.maxPrice,
  };
  return values[by];
}
