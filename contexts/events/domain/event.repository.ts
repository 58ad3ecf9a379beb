import { Criteria } from './criteria/criteria';
import { TicketedEvent } from './ticketed-event.aggregate';
import { EventListing, EventSummaryPage } from './event-summary';

export interface SaveBatchResult {
  inserted: number;
  changed: number;
  unchanged: number;
}

export abstract class EventRepository {
  /**
   * Upserts by identity, keeping each event's history (first seen, ever online). Events whose
   * values did not change are not rewritten.
   */
  abstract saveBatch(events: readonly TicketedEvent[]): Promise<SaveBatchResult>;

  abstract search(criteria: Criteria): Promise<EventSummaryPage>;

  /** The same events as `search` without pages, rendered as a listing (for answers too large to build event by event). */
  abstract listing(criteria: Criteria): Promise<EventListing>;
}
