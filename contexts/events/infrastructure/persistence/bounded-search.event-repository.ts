import { BulkheadPolicy, BulkheadRejectedError, bulkhead } from 'cockatiel';
import { Criteria } from '../../domain/criteria/criteria';
import { EventStoreUnavailable } from '../../domain/errors/event-store-unavailable.error';
import { EventRepository, SaveBatchResult } from '../../domain/event.repository';
import { EventListing, EventSummaryPage } from '../../domain/event-summary';
import { TicketedEvent } from '../../domain/ticketed-event.aggregate';

export interface SearchBounds {
  /** Searches without pages reading the database at once. */
  maxConcurrent: number;
  /** How many more may wait for a turn; past that they are refused at once. */
  maxWaiting: number;
}

/**
 * Bounds the searches without pages (each can read up to SEARCH_MAX_EVENTS rows) that run at
 * once, so a burst of them neither holds every pooled connection (searches by page, small and
 * bounded by their size, keep theirs) nor holds many large results in memory together. A search
 * refused because too many wait is the store being unavailable for now: a 503 to retry.
 */
export class BoundedSearchEventRepository extends EventRepository {
  private readonly unpaged: BulkheadPolicy;

  constructor(
    private readonly events: EventRepository,
    bounds: SearchBounds,
  ) {
    super();
    this.unpaged = bulkhead(bounds.maxConcurrent, bounds.maxWaiting);
  }

  saveBatch(events: readonly TicketedEvent[]): Promise<SaveBatchResult> {
    return this.events.saveBatch(events);
  }

  search(criteria: Criteria): Promise<EventSummaryPage> {
    if (criteria.page !== null) return this.events.search(criteria);
    return this.inTurn(() => this.events.search(criteria));
  }

  listing(criteria: Criteria): Promise<EventListing> {
    return this.inTurn(() => this.events.listing(criteria));
  }

  private async inTurn<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await this.unpaged.execute(read);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) throw new EventStoreUnavailable('too many large searches are waiting');
      throw error;
    }
  }
}
