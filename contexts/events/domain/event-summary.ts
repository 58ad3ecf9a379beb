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

/** One event as a listing shows it: the public contract's names, dates and times apart, prices as numbers. */
export interface EventListingEntry {
  id: string;
  title: string;
  start_date: string;
  start_time: string;
  end_date: string;
  end_time: string;
  min_price: number | null;
  max_price: number | null;
}

/**
 * The events of a search without pages in their JSON form: an array of EventListingEntry, in the
 * search's order. Kept and sent as text, so a cached answer is never mapped or serialized again.
 */
export interface EventListing {
  /** Events found, up to the search's limit. */
  count: number;
  /** null when the count reached the search's limit: a window that large is counted, not rendered. */
  json: string | null;
}

/** A listing with its entries. */
export type RenderedListing = EventListing & { json: string };

export function isRendered(listing: EventListing): listing is RenderedListing {
  return listing.json !== null;
}

/**
 * Splits the wall-clock text; going through `Date` would shift it by the host's timezone.
 * Stores keep this entry rendered per event (PostgreSQL's `listing_json`), and an unchanged event
 * is never rewritten: changing what this returns needs a migration that renders the stored ones again.
 */
export function listingEntryOf(event: EventSummary): EventListingEntry {
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

/** A listing rendered here, from summaries: for stores that cannot render one themselves. */
export function listingOf(events: readonly EventSummary[]): RenderedListing {
  return { count: events.length, json: JSON.stringify(events.map(listingEntryOf)) };
}
