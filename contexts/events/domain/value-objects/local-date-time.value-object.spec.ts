import { InvalidDateTime } from '../errors/invalid-date-time.error';
import { LocalDateTime } from './local-date-time.value-object';

describe('LocalDateTime', () => {
  it.each([
    ['2021-06-30T21:00:00', '2021-06-30T21:00:00'],
    ['2021-06-30T21:00', '2021-06-30T21:00:00'],
    ['2021-06-30 21:00:05', '2021-06-30T21:00:05'],
    ['  2021-06-30T21:00:00  ', '2021-06-30T21:00:00'],
    ['2021-01-01T00:00:00', '2021-01-01T00:00:00'],
    ['2021-12-31T23:59:59', '2021-12-31T23:59:59'],
  ])('reads %p in the canonical form %p', (raw, canonical) => {
    const parsed = LocalDateTime.parse(raw);
    expect(parsed.value).toBe(canonical);
    expect(parsed.toString()).toBe(canonical);
  });

  it('splits into date and time', () => {
    const parsed = LocalDateTime.parse('2021-02-10T20:00');
    expect(parsed.date).toBe('2021-02-10');
    expect(parsed.time).toBe('20:00:00');
  });

  it.each(['2024-02-29T10:00:00', '2000-02-29T10:00:00', '2021-09-30T20:00:00', '2021-01-31T20:00:00'])(
    'accepts the real calendar date %p',
    (raw) => {
      expect(LocalDateTime.parse(raw).value).toBe(raw);
    },
  );

  it.each([
    ['2021-09-31T20:00:00', 'September has 30 days'],
    ['2021-04-31T20:00:00', 'April has 30 days'],
    ['2021-02-29T20:00:00', '2021 is not a leap year'],
    ['2100-02-29T20:00:00', 'centuries are not leap years unless divisible by 400'],
    ['2024-02-30T20:00:00', 'February never has 30 days'],
    ['2021-01-32T20:00:00', 'no month has 32 days'],
    ['2021-01-00T20:00:00', 'there is no day 0'],
    ['2021-13-01T20:00:00', 'there is no month 13'],
    ['2021-00-01T20:00:00', 'there is no month 0'],
    ['2021-06-30T24:00:00', 'hour 24 does not exist'],
    ['2021-06-30T23:60:00', 'minute 60 does not exist'],
    ['2021-06-30T23:59:60', 'second 60 is not accepted'],
    ['0000-06-30T20:00:00', 'there is no year 0 to store'],
  ])('rejects the impossible %p (%s) instead of rolling it over', (raw) => {
    expect(() => LocalDateTime.parse(raw)).toThrow(InvalidDateTime);
  });

  it.each([
    '',
    '   ',
    'garbage',
    '2021-06-30',
    '21:00:00',
    '2021-6-30T21:00:00',
    '2021-06-30T9:00:00',
    '21-06-30T21:00:00',
    '2021/06/30T21:00:00',
    '2021-06-30T21:00:00Z',
    '2021-06-30T21:00:00+02:00',
    '2021-06-30T21:00:00.000',
    '2021-06-30X21:00:00',
    '2021-06-30T21',
    'x2021-06-30T21:00:00',
  ])('rejects the malformed %p', (raw) => {
    expect(() => LocalDateTime.parse(raw)).toThrow(InvalidDateTime);
  });

  it('names the offending text in the error', () => {
    expect(() => LocalDateTime.parse('2021-09-31T20:00:00')).toThrow(/"2021-09-31T20:00:00"/);
  });

  it('rejects a missing value', () => {
    expect(() => LocalDateTime.parse(undefined as unknown as string)).toThrow(InvalidDateTime);
  });

  describe('whatever the host timezone', () => {
    // Setting process.env.TZ inside a Jest worker does not reach V8's clock, so instead of trying
    // timezones this proves the stronger property: parsing never touches `Date`, hence no host
    // timezone can shift the value. The inputs are local times that do not exist in some zones
    // (spring-forward gaps) or sit at a year's edge, which any trip through `Date` would move.
    const RealDate = globalThis.Date;

    beforeEach(() => {
      const trap = (): never => {
        throw new Error('LocalDateTime must not go through Date');
      };
      globalThis.Date = Object.assign(
        function TrappedDate() {
          return trap();
        },
        { now: trap, parse: trap, UTC: trap },
      ) as unknown as DateConstructor;
    });

    afterEach(() => {
      globalThis.Date = RealDate;
    });

    it.each([
      ['2021-03-28T02:30:00', 'Europe/Madrid gap'],
      ['2021-03-14T02:30:00', 'America/New_York gap'],
      ['2021-12-31T23:30:00', 'last half hour of the year'],
      ['2021-01-01T00:15:00', 'first quarter hour of the year'],
    ])('keeps %p (%s) as written', (raw) => {
      const parsed = LocalDateTime.parse(raw);
      expect(parsed.value).toBe(raw);
      expect(parsed.date).toBe(raw.slice(0, 10));
      expect(parsed.time).toBe(raw.slice(11));
      expect(parsed.isBefore(LocalDateTime.parse('2022-01-01T00:00:00'))).toBe(true);
    });

    it('still rejects impossible dates without Date', () => {
      expect(() => LocalDateTime.parse('2021-09-31T20:00:00')).toThrow(InvalidDateTime);
    });
  });

  it('orders by time, to the second', () => {
    const earlier = LocalDateTime.parse('2021-06-30T21:00:00');
    const later = LocalDateTime.parse('2021-06-30T21:00:01');
    expect(earlier.isBefore(later)).toBe(true);
    expect(later.isBefore(earlier)).toBe(false);
    expect(earlier.isBefore(earlier)).toBe(false);
  });

  it('orders across days, months and years', () => {
    expect(LocalDateTime.parse('2021-12-31T23:59:59').isBefore(LocalDateTime.parse('2022-01-01T00:00:00'))).toBe(true);
    expect(LocalDateTime.parse('2021-09-30T23:00').isBefore(LocalDateTime.parse('2021-10-01T01:00'))).toBe(true);
  });

  it('equals another instance of the same wall-clock time however it was written', () => {
    expect(LocalDateTime.parse('2021-06-30 21:00').equals(LocalDateTime.parse('2021-06-30T21:00:00'))).toBe(true);
    expect(LocalDateTime.parse('2021-06-30T21:00').equals(LocalDateTime.parse('2021-06-30T21:01'))).toBe(false);
  });
});
