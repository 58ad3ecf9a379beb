import { listingEntryOf } from '@contexts/events/domain/event-summary';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EventOrmEntity, StoredZone } from './event.orm-entity';
import { eventValuesHash } from './event-values-hash';

/** A row of `events` as the batch upsert sends it: the zones column already as its JSON text. */
export type EventUpsertRow = Omit<EventOrmEntity, 'zones'> & { zones: string };

/**
 * What a batch's lookup needs of an event, and no more: most sightings of a feed are unchanged,
 * and for them the rest of the row is never built. The zones are serialized once, for both the
 * values hash and the column.
 */
export interface EventSighting {
  readonly event: TicketedEvent;
  readonly zones: string;
  readonly valuesHash: string;
}

/** The only place that knows how an event is laid out in a row of `events` (testing/stored-events reads one back). */
export class EventMapper {
  static toSighting(event: TicketedEvent): EventSighting {
    const zones = JSON.stringify(storedZonesOf(event));
    return { event, zones, valuesHash: eventValuesHash(event, zones) };
  }

  /** The row to write, for a sighting the lookup found new or changed. */
  static toUpsertRow({ event, zones, valuesHash }: EventSighting): EventUpsertRow {
    const { identity, schedule, sellWindow } = event;
    const minPrice = event.minPrice?.toDecimalString() ?? null;
    const maxPrice = event.maxPrice?.toDecimalString() ?? null;
    // One literal of the final shape: spreading a partial row into another took a fifth of the mapping.
    return {
      id: identity.id,
      provider: identity.provider,
      baseEventId: identity.baseEventId,
      eventId: identity.eventId,
      title: event.title,
      startsAt: schedule.start.value,
      endsAt: schedule.end.value,
      sellFrom: sellWindow?.start.value ?? null,
      sellTo: sellWindow?.end.value ?? null,
      soldOut: event.soldOut,
      sellMode: event.sellMode,
      everOnline: event.everOnline,
      firstOnlineAt: event.firstOnlineAt,
      firstSeenAt: event.firstSeenAt,
      lastSeenAt: event.lastSeenAt,
      zones,
      minPrice,
      maxPrice,
      valuesHash,
      listingJson: JSON.stringify(
        listingEntryOf({ id: identity.id, title: event.title, startsAt: schedule.start.value, endsAt: schedule.end.value, minPrice, maxPrice }),
      ),
    };
  }
}

/** Read straight off the aggregate: a feed's events carry hundreds of zones, so no primitives in between. */
function storedZonesOf(event: TicketedEvent): StoredZone[] {
  return event.zones.map((zone) => [zone.zoneId, zone.name, zone.capacity, zone.price.toDecimalString(), zone.numbered]);
}
