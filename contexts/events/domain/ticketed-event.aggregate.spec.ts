import { EventMother, SEEN_AT } from '../testing/event.mother';
import { EmptyIdentifier } from './errors/empty-identifier.error';
import { InvalidDateRange } from './errors/invalid-date-range.error';
import { InvalidDateTime } from './errors/invalid-date-time.error';
import { InvalidEventField } from './errors/invalid-event-field.error';
import { InvalidPrice } from './errors/invalid-price.error';
import { MAX_TITLE_LENGTH, MAX_ZONES, TicketedEvent } from './ticketed-event.aggregate';

const LATER = new Date('2026-01-02T10:00:00Z');
const LATEST = new Date('2026-01-03T10:00:00Z');

describe('TicketedEvent', () => {
  describe('create', () => {
    it('keeps the feed values in domain form', () => {
      const event = TicketedEvent.create(
        EventMother.snapshot({
          provider: 'default',
          baseEventId: '291',
          eventId: '291',
          title: 'Camela en concierto',
          startsAt: '2021-06-30T21:00:00',
          endsAt: '2021-06-30 22:00',
          sellFrom: '2020-07-01T00:00:00',
          sellTo: '2021-06-30T20:00:00',
          soldOut: true,
          sellMode: 'ONLINE',
        }),
        SEEN_AT,
      );
      expect(event.identity.baseEventId).toBe('291');
      expect(event.title).toBe('Camela en concierto');
      expect(event.schedule.start.value).toBe('2021-06-30T21:00:00');
      expect(event.schedule.end.value).toBe('2021-06-30T22:00:00');
      expect(event.sellWindow?.start.value).toBe('2020-07-01T00:00:00');
      expect(event.sellWindow?.end.value).toBe('2021-06-30T20:00:00');
      expect(event.soldOut).toBe(true);
      expect(event.sellMode).toBe('online');
    });

    it('takes its id from the identity triple', () => {
      const event = EventMother.create({ provider: 'default', baseEventId: '322', eventId: '1642' });
      expect(event.id).toBe(event.identity.id);
      expect(EventMother.create({ provider: 'default', baseEventId: '322', eventId: '1642' }).id).toBe(event.id);
      expect(EventMother.create({ provider: 'default', baseEventId: '1591', eventId: '1642' }).id).not.toBe(event.id);
    });

    it('marks an online event as ever online since this sighting', () => {
      const event = EventMother.online({}, SEEN_AT);
      expect(event.everOnline).toBe(true);
      expect(event.searchable).toBe(true);
      expect(event.firstOnlineAt).toEqual(SEEN_AT);
      expect(event.firstSeenAt).toEqual(SEEN_AT);
      expect(event.lastSeenAt).toEqual(SEEN_AT);
    });

    it('marks an offline event as never online yet', () => {
      const event = EventMother.offline({}, SEEN_AT);
      expect(event.everOnline).toBe(false);
      expect(event.searchable).toBe(false);
      expect(event.firstOnlineAt).toBeNull();
      expect(event.firstSeenAt).toEqual(SEEN_AT);
      expect(event.lastSeenAt).toEqual(SEEN_AT);
    });

    it.each(['', '   ', undefined])('requires a title, not %p', (title) => {
      expect(() => EventMother.create({ title: title as string })).toThrow(InvalidEventField);
    });

    it.each([
      ['one-byte', 'x'],
      ['outside the Basic Multilingual Plane (two UTF-16 units each)', '🎸'],
    ])('takes a title of up to MAX_TITLE_LENGTH characters %s and rejects a longer one', (_kind, character) => {
      expect([...EventMother.create({ title: character.repeat(MAX_TITLE_LENGTH) }).title]).toHaveLength(MAX_TITLE_LENGTH);
      expect(() => EventMother.create({ title: character.repeat(MAX_TITLE_LENGTH + 1) })).toThrow(
        new InvalidEventField('title', `is ${MAX_TITLE_LENGTH + 1} characters long, more than the ${MAX_TITLE_LENGTH} allowed`),
      );
    });

    it('takes up to MAX_ZONES zones and rejects more', () => {
      const zones = (count: number) => Array.from({ length: count }, (_, at) => EventMother.zone({ zoneId: String(at) }));

      expect(EventMother.create({ zones: zones(MAX_ZONES) }).zones).toHaveLength(MAX_ZONES);
      expect(() => EventMother.create({ zones: zones(MAX_ZONES + 1) })).toThrow(
        new InvalidEventField('zones', `number more than the ${MAX_ZONES} an event may have`),
      );
    });

    it('rejects a title or zone name holding U+FFFD, the mark of bytes not valid in the feed\'s encoding', () => {
      const undecoded = "holds bytes that are not valid in the feed's encoding (read as U+FFFD)";

      expect(() => EventMother.create({ title: 'Bj\uFFFDrk' })).toThrow(new InvalidEventField('title', undecoded));
      expect(() => EventMother.create({ zones: [EventMother.zone(), EventMother.zone({ zoneId: '7', name: 'Anfiteatro \uFFFD' })] })).toThrow(
        new InvalidEventField("zone 7's name", undecoded),
      );
      expect(EventMother.create({ title: 'Björk', zones: [EventMother.zone({ name: 'Platea ñ 🎸' })] }).title).toBe('Björk');
    });

    it('trims the title and keeps entities already decoded and non-ASCII text', () => {
      expect(EventMother.create({ title: '  Tributo a "Juanito" & Valderrama — ñ  ' }).title).toBe(
        'Tributo a "Juanito" & Valderrama — ñ',
      );
    });

    it('rejects an unknown sell mode', () => {
      expect(() => EventMother.create({ sellMode: 'presale' })).toThrow(InvalidEventField);
    });

    it.each([
      ['', '322', '1642'],
      ['default', ' ', '1642'],
      ['default', '322', ''],
    ])('requires every part of its identity (%p, %p, %p)', (provider, baseEventId, eventId) => {
      expect(() => EventMother.create({ provider, baseEventId, eventId })).toThrow(EmptyIdentifier);
    });

    it('rejects an event that ends before it starts', () => {
      expect(() => EventMother.create({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T20:00:00' })).toThrow(
        InvalidDateRange,
      );
    });

    it('accepts an event that ends when it starts', () => {
      const event = EventMother.create({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T21:00:00' });
      expect(event.schedule.end.value).toBe('2021-06-30T21:00:00');
    });

    it('rejects an impossible date rather than rolling it over (base event 444)', () => {
      expect(() => EventMother.create({ startsAt: '2021-09-31T20:00:00', endsAt: '2021-09-31T21:00:00' })).toThrow(
        InvalidDateTime,
      );
    });

    it('rejects an impossible sell date', () => {
      expect(() => EventMother.create({ sellFrom: '2021-02-10T00:00:00', sellTo: '2021-09-31T19:50:00' })).toThrow(
        InvalidDateTime,
      );
    });

    describe('sell window', () => {
      it.each([
        [undefined, undefined],
        [null, null],
        ['', ''],
      ])('is absent when neither end is given (%p, %p)', (sellFrom, sellTo) => {
        expect(EventMother.create({ sellFrom, sellTo }).sellWindow).toBeNull();
      });

      it.each([
        ['2020-07-01T00:00:00', null],
        [null, '2021-06-30T20:00:00'],
        ['2020-07-01T00:00:00', ''],
      ])('needs both ends (%p, %p)', (sellFrom, sellTo) => {
        expect(() => EventMother.create({ sellFrom, sellTo })).toThrow(InvalidEventField);
      });

      it('rejects a window that closes before it opens', () => {
        expect(() => EventMother.create({ sellFrom: '2021-06-30T20:00:00', sellTo: '2021-06-30T19:00:00' })).toThrow(
          InvalidDateRange,
        );
      });

      it('accepts a window that closes when it opens', () => {
        const event = EventMother.create({ sellFrom: '2021-06-30T20:00:00', sellTo: '2021-06-30T20:00:00' });
        expect(event.sellWindow?.start.equals(event.sellWindow.end)).toBe(true);
      });
    });

    it('rejects a bad zone', () => {
      expect(() => EventMother.create({ zones: [EventMother.zone(), EventMother.zone({ price: 'free' })] })).toThrow(
        InvalidPrice,
      );
      expect(() => EventMother.create({ zones: [EventMother.zone({ capacity: -1 })] })).toThrow(InvalidEventField);
    });
  });

  describe('prices', () => {
    it('are null without zones', () => {
      const event = EventMother.create({ zones: [] });
      expect(event.minPrice).toBeNull();
      expect(event.maxPrice).toBeNull();
      expect(event.toPrimitives()).toMatchObject({ minPrice: null, maxPrice: null, zones: [] });
    });

    it('span the cheapest and the dearest zone (event 291)', () => {
      const event = EventMother.create({
        zones: [
          EventMother.zone({ zoneId: '40', price: '20.00' }),
          EventMother.zone({ zoneId: '38', price: '15.00' }),
          EventMother.zone({ zoneId: '30', price: '30.00' }),
        ],
      });
      expect(event.minPrice?.toDecimalString()).toBe('15.00');
      expect(event.maxPrice?.toDecimalString()).toBe('30.00');
    });

    it('are the same price with a single zone', () => {
      const event = EventMother.create({ zones: [EventMother.zone({ price: '55.00' })] });
      expect(event.minPrice?.toDecimalString()).toBe('55.00');
      expect(event.maxPrice?.toDecimalString()).toBe('55.00');
    });

    it('are exact decimals', () => {
      const event = EventMother.create({
        zones: [EventMother.zone({ zoneId: 'a', price: '0.20' }), EventMother.zone({ zoneId: 'b', price: '0.10' })],
      });
      expect(event.toPrimitives()).toMatchObject({ minPrice: '0.10', maxPrice: '0.20' });
      expect(event.minPrice?.cents).toBe(10);
      expect(event.maxPrice?.cents).toBe(20);
    });

    it('count a zone free of charge', () => {
      const event = EventMother.create({ zones: [EventMother.zone({ price: '0' }), EventMother.zone({ price: '5' })] });
      expect(event.minPrice?.toDecimalString()).toBe('0.00');
    });

    it('keep both zones when a zone id appears twice (event 1591/1642)', () => {
      const event = EventMother.create({
        zones: [
          EventMother.zone({ zoneId: '186', capacity: 2, price: '75.00', numbered: true }),
          EventMother.zone({ zoneId: '186', capacity: 16, price: '65.00', numbered: false }),
        ],
      });
      expect(event.zones).toHaveLength(2);
      expect(event.zones.map((zone) => zone.capacity)).toEqual([2, 16]);
      expect(event.minPrice?.toDecimalString()).toBe('65.00');
      expect(event.maxPrice?.toDecimalString()).toBe('75.00');
    });
  });

  describe('primitives', () => {
    it('round-trip through fromPrimitives', () => {
      const event = EventMother.online({
        zones: [EventMother.zone({ zoneId: '186', price: '75.00' }), EventMother.zone({ zoneId: '186', price: '65.5' })],
      });
      const primitives = event.toPrimitives();
      const rehydrated = TicketedEvent.fromPrimitives(primitives);
      expect(rehydrated.toPrimitives()).toEqual(primitives);
      expect(rehydrated.id).toBe(event.id);
    });

    it('round-trip history and an absent sell window', () => {
      const identity = { provider: 'default', baseEventId: '322', eventId: '1642' };
      const history = EventMother.offline({ ...identity, sellFrom: null, sellTo: null }, LATER).continuing(
        EventMother.online(identity, SEEN_AT),
      );
      const primitives = history.toPrimitives();
      expect(primitives).toMatchObject({ sellFrom: null, sellTo: null, everOnline: true, firstOnlineAt: SEEN_AT });
      expect(TicketedEvent.fromPrimitives(primitives).toPrimitives()).toEqual(primitives);
    });

    it('carry everything a store needs', () => {
      const event = EventMother.online(
        { provider: 'default', baseEventId: '322', eventId: '1642', zones: [EventMother.zone({ price: '55.00' })] },
        SEEN_AT,
      );
      expect(event.toPrimitives()).toEqual({
        id: event.id,
        provider: 'default',
        baseEventId: '322',
        eventId: '1642',
        title: event.title,
        startsAt: '2021-06-30T21:00:00',
        endsAt: '2021-06-30T22:00:00',
        sellFrom: '2020-07-01T00:00:00',
        sellTo: '2021-06-30T20:00:00',
        soldOut: false,
        sellMode: 'online',
        everOnline: true,
        firstOnlineAt: SEEN_AT,
        firstSeenAt: SEEN_AT,
        lastSeenAt: SEEN_AT,
        zones: [{ zoneId: '1', name: 'Platea', capacity: 100, price: '55.00', numbered: true }],
        minPrice: '55.00',
        maxPrice: '55.00',
      });
    });

    it('are validated on the way back in', () => {
      const primitives = EventMother.create().toPrimitives();
      expect(() => TicketedEvent.fromPrimitives({ ...primitives, endsAt: '2020-01-01T00:00:00' })).toThrow(InvalidDateRange);
    });
  });

  describe('continuing a previous sighting', () => {
    const identity = { provider: 'default', baseEventId: '322', eventId: '1642' };

    it('stays ever online with the first time it went online, once it goes offline', () => {
      const first = EventMother.online(identity, SEEN_AT);
      const now = EventMother.offline(identity, LATER).continuing(first);
      expect(now.sellMode).toBe('offline');
      expect(now.everOnline).toBe(true);
      expect(now.searchable).toBe(true);
      expect(now.firstOnlineAt).toEqual(SEEN_AT);
    });

    it('keeps the first time it went online while it stays online', () => {
      const history = EventMother.online(identity, LATER).continuing(EventMother.online(identity, SEEN_AT));
      const now = EventMother.online(identity, LATEST).continuing(history);
      expect(now.firstOnlineAt).toEqual(SEEN_AT);
    });

    it('keeps it after going offline and online again', () => {
      const offline = EventMother.offline(identity, LATER).continuing(EventMother.online(identity, SEEN_AT));
      const backOnline = EventMother.online(identity, LATEST).continuing(offline);
      expect(backOnline.firstOnlineAt).toEqual(SEEN_AT);
      expect(backOnline.everOnline).toBe(true);
    });

    it('becomes searchable when an offline event goes online', () => {
      const offline = EventMother.offline(identity, SEEN_AT);
      const now = EventMother.online(identity, LATER).continuing(offline);
      expect(now.everOnline).toBe(true);
      expect(now.searchable).toBe(true);
      expect(now.firstOnlineAt).toEqual(LATER);
      expect(now.firstSeenAt).toEqual(SEEN_AT);
    });

    it('stays unsearchable while it is only ever offline', () => {
      const now = EventMother.offline(identity, LATER).continuing(EventMother.offline(identity, SEEN_AT));
      expect(now.everOnline).toBe(false);
      expect(now.firstOnlineAt).toBeNull();
    });

    it('keeps the earliest first sighting and the latest last sighting', () => {
      const now = EventMother.online(identity, LATER).continuing(EventMother.online(identity, SEEN_AT));
      expect(now.firstSeenAt).toEqual(SEEN_AT);
      expect(now.lastSeenAt).toEqual(LATER);
    });

    it('does not move the first sighting forward when sightings arrive out of order', () => {
      const now = EventMother.online(identity, SEEN_AT).continuing(EventMother.online(identity, LATER));
      expect(now.firstSeenAt).toEqual(SEEN_AT);
      expect(now.lastSeenAt).toEqual(LATER);
    });

    it('takes the latest published values', () => {
      const previous = EventMother.online(
        { ...identity, title: 'Pantomima Full', endsAt: '2021-06-30T22:00:00', soldOut: false, zones: [EventMother.zone({ price: '55.00' })] },
        SEEN_AT,
      );
      const now = EventMother.offline(
        {
          ...identity,
          title: 'Pantomima Full (nueva fecha)',
          startsAt: '2021-07-01T20:00:00',
          endsAt: '2021-07-01T21:30:00',
          sellFrom: null,
          sellTo: null,
          soldOut: true,
          zones: [EventMother.zone({ price: '40.00' }), EventMother.zone({ zoneId: '2', price: '60.00' })],
        },
        LATER,
      ).continuing(previous);
      expect(now.toPrimitives()).toMatchObject({
        title: 'Pantomima Full (nueva fecha)',
        startsAt: '2021-07-01T20:00:00',
        endsAt: '2021-07-01T21:30:00',
        sellFrom: null,
        sellTo: null,
        soldOut: true,
        sellMode: 'offline',
        minPrice: '40.00',
        maxPrice: '60.00',
      });
      expect(now.zones).toHaveLength(2);
    });

    it('refuses the history of another event', () => {
      const under322 = EventMother.online({ provider: 'default', baseEventId: '322', eventId: '1642' });
      const under1591 = EventMother.online({ provider: 'default', baseEventId: '1591', eventId: '1642' });
      expect(() => under1591.continuing(under322)).toThrow(InvalidEventField);
    });

    it('leaves both sightings untouched', () => {
      const previous = EventMother.online(identity, SEEN_AT);
      const latest = EventMother.offline(identity, LATER);
      const before = [previous.toPrimitives(), latest.toPrimitives()];
      latest.continuing(previous);
      expect([previous.toPrimitives(), latest.toPrimitives()]).toEqual(before);
    });
  });
});
