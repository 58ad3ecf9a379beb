import { Event } from '@contexts/events/domain/event.aggregate';
import { parseSellMode } from '@contexts/events/domain/sell-mode';
import { EventOrmEntity } from './event.orm-entity';
import { eventValuesHash } from './event-values-hash';

/** The only place that knows how an Event is laid out in a row of `events`, both ways. */
export class EventMapper {
  static toRow(event: Event): EventOrmEntity {
    const primitives = event.toPrimitives();
    return {
      id: primitives.id,
      provider: primitives.provider,
      baseEventId: primitives.baseEventId,
      eventId: primitives.eventId,
      title: primitives.title,
      startsAt: primitives.startsAt,
      endsAt: primitives.endsAt,
      sellFrom: primitives.sellFrom,
      sellTo: primitives.sellTo,
      soldOut: primitives.soldOut,
      sellMode: primitives.sellMode,
      everOnline: primitives.everOnline,
      firstOnlineAt: primitives.firstOnlineAt,
      firstSeenAt: primitives.firstSeenAt,
      lastSeenAt: primitives.lastSeenAt,
      zones: primitives.zones,
      minPrice: primitives.minPrice,
      maxPrice: primitives.maxPrice,
      valuesHash: eventValuesHash(primitives),
    };
  }

  static toDomain(row: EventOrmEntity): Event {
    return Event.fromPrimitives({
      id: row.id,
      provider: row.provider,
      baseEventId: row.baseEventId,
      eventId: row.eventId,
      title: row.title,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      sellFrom: row.sellFrom,
      sellTo: row.sellTo,
      soldOut: row.soldOut,
      sellMode: parseSellMode(row.sellMode),
      everOnline: row.everOnline,
      firstOnlineAt: row.firstOnlineAt,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
      zones: row.zones,
      minPrice: row.minPrice,
      maxPrice: row.maxPrice,
    });
  }
}
