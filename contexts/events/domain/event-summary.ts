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
