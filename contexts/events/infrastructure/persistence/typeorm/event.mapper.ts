import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { parseSellMode } from '@contexts/events/domain/sell-mode';
import { EventOrmEntity } from './event.orm-entity';
import { eventValuesHash, eventValuesJson } from './event-values-hash';

/** What the batch upsert needs of one event; `line` is the whole row as one JSON object. */
export interface EventUpsertRow {
  id: string;
  valuesHash: string;
  everOnline: boolean;
  lastSeenAt: Date;
  line: string;
}

/** The only place that knows how an Event is laid out in a row of `events`, both ways. */
export class EventMapper {
  static toRow(event: TicketedEvent): EventOrmEntity {
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
      valuesHash: eventValuesHash(eventValuesJson(primitives)),
    };
  }

  /**
   * The row as the upsert sends it: the same fields as toRow, written as two JSON objects joined
   * into one (their keys are disjoint), so the published values are serialized only once, for
   * both their hash and the row. A batch of thousands of events with hundreds of zones each spends
   * most of its JavaScript time here.
   */
  static toUpsertRow(event: TicketedEvent): EventUpsertRow {
    const primitives = event.toPrimitives();
    const valuesJson = eventValuesJson(primitives);
    const valuesHash = eventValuesHash(valuesJson);
    const bookkeeping = JSON.stringify({
      id: primitives.id,
      provider: primitives.provider,
      baseEventId: primitives.baseEventId,
      eventId: primitives.eventId,
      everOnline: primitives.everOnline,
      firstOnlineAt: primitives.firstOnlineAt,
      firstSeenAt: primitives.firstSeenAt,
      lastSeenAt: primitives.lastSeenAt,
      minPrice: primitives.minPrice,
      maxPrice: primitives.maxPrice,
      valuesHash,
    });
    return {
      id: primitives.id,
      valuesHash,
      everOnline: primitives.everOnline,
      lastSeenAt: primitives.lastSeenAt,
      line: `${bookkeeping.slice(0, -1)},${valuesJson.slice(1)}`,
    };
  }

  static toDomain(row: EventOrmEntity): TicketedEvent {
    return TicketedEvent.fromPrimitives({
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
