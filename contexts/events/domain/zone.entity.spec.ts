import { EmptyIdentifier } from './errors/empty-identifier.error';
import { InvalidEventField } from './errors/invalid-event-field.error';
import { InvalidPrice } from './errors/invalid-price.error';
import { NegativePrice } from './errors/negative-price.error';
import { Zone, ZonePrimitives } from './zone.entity';

function zone(overrides: Partial<ZonePrimitives> = {}): ZonePrimitives {
  return { zoneId: '40', name: 'Platea', capacity: 243, price: '20.00', numbered: true, ...overrides };
}

describe('Zone', () => {
  it('keeps what the feed said', () => {
    expect(Zone.create(zone()).toPrimitives()).toEqual(zone());
  });

  it('parses its price exactly', () => {
    const created = Zone.create(zone({ price: '9.9' }));
    expect(created.price.cents).toBe(990);
    expect(created.toPrimitives().price).toBe('9.90');
  });

  it.each([0, 1, 243, 100_000])('accepts a capacity of %p', (capacity) => {
    expect(Zone.create(zone({ capacity })).capacity).toBe(capacity);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects a capacity of %p', (capacity) => {
    expect(() => Zone.create(zone({ capacity }))).toThrow(InvalidEventField);
  });

  it.each(['', 'free', '20,00', '20.001'])('rejects the price %p', (price) => {
    expect(() => Zone.create(zone({ price }))).toThrow(InvalidPrice);
  });

  it('rejects a negative price', () => {
    expect(() => Zone.create(zone({ price: '-5.00' }))).toThrow(NegativePrice);
  });

  it.each(['', '  '])('requires a zone id, not %p', (zoneId) => {
    expect(() => Zone.create(zone({ zoneId }))).toThrow(EmptyIdentifier);
  });

  it('trims the zone id', () => {
    expect(Zone.create(zone({ zoneId: ' 186 ' })).zoneId).toBe('186');
  });

  it('tolerates a missing name', () => {
    expect(Zone.create(zone({ name: undefined as unknown as string })).name).toBe('');
  });
});
