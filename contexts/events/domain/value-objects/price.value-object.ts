import { InvalidPrice } from '../errors/invalid-price.error';
import { NegativePrice } from '../errors/negative-price.error';

const DECIMAL = /^(-?)(\d{1,10})(?:\.(\d{1,2}))?$/;

/**
 * A price in the feed's currency, held as an integer number of cents so that
 * "9.99" never passes through binary floating point. Two decimals at most, as money.
 */
export class Price {
  private constructor(readonly cents: number) {}

  static parse(raw: string): Price {
    const match = DECIMAL.exec(raw?.trim() ?? '');
    if (!match) throw new InvalidPrice(raw, 'is not a decimal number with at most two decimals');
    const [, sign, units, fraction = ''] = match;
    if (sign) throw new NegativePrice(raw);
    return new Price(Number(units) * 100 + Number(fraction.padEnd(2, '0')));
  }

  /** Exact decimal text, e.g. "20.00". */
  toDecimalString(): string {
    const units = Math.trunc(this.cents / 100);
    return `${units}.${String(this.cents % 100).padStart(2, '0')}`;
  }

  compare(other: Price): number {
    return this.cents - other.cents;
  }
}
