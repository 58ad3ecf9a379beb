import { InvalidEventField } from './errors/invalid-event-field.error';
import { SellMode, parseSellMode } from './sell-mode';
import { DateTimeRange } from './value-objects/date-time-range.value-object';
import { EventIdentity } from './value-objects/event-identity.value-object';
import { Price } from './value-objects/price.value-object';
import { Zone, ZonePrimitives } from './zone.entity';

/** What a provider says about an event at one moment; dates and prices still as the feed wrote them. */
export interface EventSnapshot {
  provider: string;
  baseEventId: string;
  eventId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  sellFrom?: string | null;
  sellTo?: string | null;
  soldOut: boolean;
  sellMode: string;
  zones: ZonePrimitives[];
}

export interface EventPrimitives {
  id: string;
  provider: string;
  baseEventId: string;
  eventId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  sellFrom: string | null;
  sellTo: string | null;
  soldOut: boolean;
  sellMode: SellMode;
  everOnline: boolean;
  firstOnlineAt: Date | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  zones: ZonePrimitives[];
  minPrice: string | null;
  maxPrice: string | null;
}

/**
 * Longest title an event may have, in characters (Unicode code points). The search indexes hold a
 * title twice (as itself and inside the listing entry, JSON-escaped), and a PostgreSQL index row
 * cannot pass 2,704 bytes: even at the worst, 8 bytes a character (one outside the Basic
 * Multilingual Plane, 4 bytes in each copy), 250 fit. An item with a longer title is rejected
 * rather than failing its whole sync at the database.
 */
export const MAX_TITLE_LENGTH = 250;

/**
 * Most zones an event may have. Far beyond any venue's price zones, and small enough that one
 * event (a few MB as objects) can never exhaust a worker's heap: a feed's item with more is
 * rejected, and the parser never holds more than one zone past this for it.
 */
export const MAX_ZONES = 10_000;

/**
 * What a decoder puts in place of bytes that are not valid in the feed's encoding (and what no
 * provider writes on purpose): text holding it was damaged on the way, and stored it would show
 * a title such as "Bj\uFFFDrk" to buyers. Such an item is rejected, so the damage is counted and
 * logged and the event keeps the values last read intact.
 */
const REPLACEMENT_CHARACTER = '\uFFFD';
const UNDECODED = `holds bytes that are not valid in the feed's encoding (read as U+FFFD)`;

/**
 * An event as we know it: the latest values a provider published, plus our own bookkeeping of
 * when we saw it and whether it was ever on sale online (which is what makes it searchable forever).
 */
export class TicketedEvent {
  private constructor(
    readonly identity: EventIdentity,
    readonly title: string,
    readonly schedule: DateTimeRange,
    readonly sellWindow: DateTimeRange | null,
    readonly soldOut: boolean,
    readonly sellMode: SellMode,
    readonly everOnline: boolean,
    readonly firstOnlineAt: Date | null,
    readonly firstSeenAt: Date,
    readonly lastSeenAt: Date,
    readonly zones: readonly Zone[],
  ) {}

  /** A first sighting of an event in a feed read at `seenAt`. Throws a DomainError for any invalid field. */
  static create(snapshot: EventSnapshot, seenAt: Date): TicketedEvent {
    const identity = EventIdentity.of(snapshot.provider, snapshot.baseEventId, snapshot.eventId);
    const title = snapshot.title?.trim();
    if (!title) throw new InvalidEventField('title', 'is missing or empty');
    // A string's length counts UTF-16 units, never fewer than its characters: only a long one is counted again.
    const characters = title.length > MAX_TITLE_LENGTH ? [...title].length : title.length;
    if (characters > MAX_TITLE_LENGTH) {
      throw new InvalidEventField('title', `is ${characters} characters long, more than the ${MAX_TITLE_LENGTH} allowed`);
    }
    if (title.includes(REPLACEMENT_CHARACTER)) throw new InvalidEventField('title', UNDECODED);
    if (snapshot.zones.length > MAX_ZONES) throw new InvalidEventField('zones', `number more than the ${MAX_ZONES} an event may have`);
    const damagedZone = snapshot.zones.find((zone) => zone.name?.includes(REPLACEMENT_CHARACTER));
    if (damagedZone) throw new InvalidEventField(`zone ${damagedZone.zoneId}'s name`, UNDECODED);
    const sellMode = parseSellMode(snapshot.sellMode);
    const online = sellMode === 'online';
    return new TicketedEvent(
      identity,
      title,
      DateTimeRange.of('event', snapshot.startsAt, snapshot.endsAt),
      TicketedEvent.sellWindowOf(snapshot.sellFrom, snapshot.sellTo),
      snapshot.soldOut,
      sellMode,
      online,
      online ? seenAt : null,
      seenAt,
      seenAt,
      snapshot.zones.map((zone) => Zone.create(zone)),
    );
  }

  static fromPrimitives(p: EventPrimitives): TicketedEvent {
    return new TicketedEvent(
      EventIdentity.of(p.provider, p.baseEventId, p.eventId),
      p.title,
      DateTimeRange.of('event', p.startsAt, p.endsAt),
      TicketedEvent.sellWindowOf(p.sellFrom, p.sellTo),
      p.soldOut,
      p.sellMode,
      p.everOnline,
      p.firstOnlineAt,
      p.firstSeenAt,
      p.lastSeenAt,
      p.zones.map((zone) => Zone.create(zone)),
    );
  }

  private static sellWindowOf(from?: string | null, to?: string | null): DateTimeRange | null {
    if (!from && !to) return null;
    if (!from || !to) throw new InvalidEventField('sell window', 'needs both sell_from and sell_to');
    return DateTimeRange.of('sell window', from, to);
  }

  get id(): string {
    return this.identity.id;
  }

  /** Searchable once it has been online, even if a later feed shows it offline. */
  get searchable(): boolean {
    return this.everOnline;
  }

  get minPrice(): Price | null {
    return this.zones.reduce<Price | null>((min, z) => (min === null || z.price.compare(min) < 0 ? z.price : min), null);
  }

  get maxPrice(): Price | null {
    return this.zones.reduce<Price | null>((max, z) => (max === null || z.price.compare(max) > 0 ? z.price : max), null);
  }

  /**
   * This sighting, carrying over what history says about the same event: the first sighting and
   * the first time it went online survive; the latest values win.
   */
  continuing(previous: TicketedEvent): TicketedEvent {
    if (previous.id !== this.id) throw new InvalidEventField('event', 'can only continue the history of the same event');
    return new TicketedEvent(
      this.identity,
      this.title,
      this.schedule,
      this.sellWindow,
      this.soldOut,
      this.sellMode,
      previous.everOnline || this.everOnline,
      previous.firstOnlineAt ?? this.firstOnlineAt,
      previous.firstSeenAt < this.firstSeenAt ? previous.firstSeenAt : this.firstSeenAt,
      previous.lastSeenAt > this.lastSeenAt ? previous.lastSeenAt : this.lastSeenAt,
      this.zones,
    );
  }

  toPrimitives(): EventPrimitives {
    return {
      id: this.id,
      provider: this.identity.provider,
      baseEventId: this.identity.baseEventId,
      eventId: this.identity.eventId,
      title: this.title,
      startsAt: this.schedule.start.value,
      endsAt: this.schedule.end.value,
      sellFrom: this.sellWindow?.start.value ?? null,
      sellTo: this.sellWindow?.end.value ?? null,
      soldOut: this.soldOut,
      sellMode: this.sellMode,
      everOnline: this.everOnline,
      firstOnlineAt: this.firstOnlineAt,
      firstSeenAt: this.firstSeenAt,
      lastSeenAt: this.lastSeenAt,
      zones: this.zones.map((zone) => zone.toPrimitives()),
      minPrice: this.minPrice?.toDecimalString() ?? null,
      maxPrice: this.maxPrice?.toDecimalString() ?? null,
    };
  }
}
