import { TicketedEvent, EventSnapshot } from '../domain/ticketed-event.aggregate';
import { ZonePrimitives } from '../domain/zone.entity';

export const SEEN_AT = new Date('2026-01-01T10:00:00Z');

let sequence = 0;

/** Valid snapshots by default; each call gets its own identity unless the test names one. */
export const EventMother = {
  zone(overrides: Partial<ZonePrimitives> = {}): ZonePrimitives {
    return { zoneId: '1', name: 'Platea', capacity: 100, price: '20.00', numbered: true, ...overrides };
  },

  snapshot(overrides: Partial<EventSnapshot> = {}): EventSnapshot {
    sequence += 1;
    return {
      provider: 'default',
      baseEventId: `base-${sequence}`,
      eventId: `event-${sequence}`,
      title: `TicketedEvent ${sequence}`,
      startsAt: '2021-06-30T21:00:00',
      endsAt: '2021-06-30T22:00:00',
      sellFrom: '2020-07-01T00:00:00',
      sellTo: '2021-06-30T20:00:00',
      soldOut: false,
      sellMode: 'online',
      zones: [EventMother.zone()],
      ...overrides,
    };
  },

  create(overrides: Partial<EventSnapshot> = {}, seenAt: Date = SEEN_AT): TicketedEvent {
    return TicketedEvent.create(EventMother.snapshot(overrides), seenAt);
  },

  online(overrides: Partial<EventSnapshot> = {}, seenAt: Date = SEEN_AT): TicketedEvent {
    return EventMother.create({ ...overrides, sellMode: 'online' }, seenAt);
  },

  offline(overrides: Partial<EventSnapshot> = {}, seenAt: Date = SEEN_AT): TicketedEvent {
    return EventMother.create({ ...overrides, sellMode: 'offline' }, seenAt);
  },
};
