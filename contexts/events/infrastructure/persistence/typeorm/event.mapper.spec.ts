import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EventMother } from '@contexts/events/testing/event.mother';
import { EventMapper } from './event.mapper';

const rowOf = (event: TicketedEvent) => EventMapper.toUpsertRow(EventMapper.toSighting(event));
const SEEN = new Date('2026-03-01T10:00:00Z');
const LATER = new Date('2026-03-01T11:30:00Z');

describe('EventMapper', () => {
  it('writes the columns the search reads, prices as exact decimals', () => {
    const event = EventMother.online({ zones: [EventMother.zone({ price: '15' }), EventMother.zone({ zoneId: '2', price: '30.5' })] });

    const row = rowOf(event);

    expect(row).toMatchObject({ id: event.id, minPrice: '15.00', maxPrice: '30.50', startsAt: event.schedule.start.value, everOnline: true });
  });

  it('stores each zone as one compact array, in JSON text', () => {
    const event = EventMother.online({ zones: [EventMother.zone({ zoneId: '7', name: 'Platea "A"', capacity: 12, price: '9.5', numbered: true })] });

    expect(JSON.parse(rowOf(event).zones)).toEqual([['7', 'Platea "A"', 12, '9.50', true]]);
  });

  it('gives the same values hash to the same published values, whenever they were seen', () => {
    const snapshot = EventMother.snapshot();

    const first = rowOf(EventMother.create(snapshot, SEEN));
    const again = rowOf(EventMother.create(snapshot, LATER));

    expect(again.valuesHash).toBe(first.valuesHash);
  });

  it.each([
    ['the title', { title: 'Another title' }],
    ['the end', { endsAt: '2021-06-30T23:00:00' }],
    ['sold out', { soldOut: true }],
    ['the sell mode', { sellMode: 'offline' }],
    ['a zone price', { zones: [EventMother.zone({ price: '20.01' })] }],
  ])('changes the values hash when %s changes', (_what, change) => {
    const snapshot = EventMother.snapshot();

    const before = rowOf(EventMother.create(snapshot, SEEN));
    const after = rowOf(EventMother.create({ ...snapshot, ...change }, SEEN));

    expect(after.valuesHash).not.toBe(before.valuesHash);
  });
});
