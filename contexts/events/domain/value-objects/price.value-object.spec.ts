import { InvalidPrice } from '../errors/invalid-price.error';
import { NegativePrice } from '../errors/negative-price.error';
import { Price } from './price.value-object';

describe('Price', () => {
  it.each([
    ['20.00', 2000, '20.00'],
    ['9.99', 999, '9.99'],
    ['0.1', 10, '0.10'],
    ['15', 1500, '15.00'],
    [' 7.5 ', 750, '7.50'],
  ])('reads %p exactly as %p cents', (raw, cents, text) => {
    const price = Price.parse(raw);
    expect(price.cents).toBe(cents);
    expect(price.toDecimalString()).toBe(text);
  });

  it('sums decimal prices without float drift', () => {
    const cents = ['0.10', '0.20'].map((p) => Price.parse(p).cents).reduce((a, b) => a + b);
    expect(cents).toBe(30);
  });

  it.each(['', 'abc', '1,50', '1.505', '1e3', 'NaN'])('rejects unparsable %p', (raw) => {
    expect(() => Price.parse(raw)).toThrow(InvalidPrice);
  });

  it('rejects a negative price with its own error', () => {
    expect(() => Price.parse('-1.00')).toThrow(NegativePrice);
  });

  it('orders prices', () => {
    expect(Price.parse('15.00').compare(Price.parse('30.00'))).toBeLessThan(0);
  });
});
