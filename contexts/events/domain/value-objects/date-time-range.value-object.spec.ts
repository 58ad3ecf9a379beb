import { InvalidDateRange } from '../errors/invalid-date-range.error';
import { InvalidDateTime } from '../errors/invalid-date-time.error';
import { DateTimeRange } from './date-time-range.value-object';

describe('DateTimeRange', () => {
  it('holds both ends in canonical form', () => {
    const range = DateTimeRange.of('event', '2021-06-30 21:00', '2021-06-30T22:00:00');
    expect(range.start.value).toBe('2021-06-30T21:00:00');
    expect(range.end.value).toBe('2021-06-30T22:00:00');
  });

  it('allows an end equal to the start', () => {
    const range = DateTimeRange.of('event', '2021-06-30T21:00:00', '2021-06-30T21:00');
    expect(range.start.equals(range.end)).toBe(true);
  });

  it('rejects an end before the start', () => {
    expect(() => DateTimeRange.of('event', '2021-06-30T21:00:00', '2021-06-30T20:59:59')).toThrow(InvalidDateRange);
  });

  it('names the range and both ends in the error', () => {
    expect(() => DateTimeRange.of('sell window', '2021-02-01T00:00:00', '2021-01-01T00:00:00')).toThrow(
      'sell window ends (2021-01-01T00:00:00) before it starts (2021-02-01T00:00:00)',
    );
  });

  it.each([
    ['2021-09-31T20:00:00', '2021-10-01T20:00:00'],
    ['2021-09-30T20:00:00', '2021-09-31T21:00:00'],
  ])('rejects an impossible end point (%p → %p)', (start, end) => {
    expect(() => DateTimeRange.of('event', start, end)).toThrow(InvalidDateTime);
  });
});
