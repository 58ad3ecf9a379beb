import { parseSearchBound } from './search-bound.parser';

describe('parseSearchBound', () => {
  it.each([
    ['2021-06-30T21:00:00', 'start', '2021-06-30T21:00:00'],
    ['2021-06-30T21:00', 'start', '2021-06-30T21:00:00'],
    ['2021-06-30 21:00:00', 'end', '2021-06-30T21:00:00'],
  ] as const)('takes %p without an offset as wall-clock time as is', (raw, side, expected) => {
    expect(parseSearchBound(raw, side)).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    ['2021-06-30T21:00:00Z', '2021-06-30T21:00:00'],
    ['2021-06-30T21:00:00z', '2021-06-30T21:00:00'],
    ['2021-06-30T23:00:00+02:00', '2021-06-30T21:00:00'],
    ['2021-06-30T18:30:00-02:30', '2021-06-30T21:00:00'],
    ['2021-07-01T01:00:00+04:00', '2021-06-30T21:00:00'],
    ['2021-06-30T23:00:00 02:00', '2021-06-30T21:00:00'],
    ['2021-06-30T21:00:00-00:00', '2021-06-30T21:00:00'],
  ])('converts %p with an offset to UTC', (raw, expected) => {
    expect(parseSearchBound(raw, 'start')).toMatchObject({ ok: true, value: expected });
  });

  it('carries an offset across a year boundary', () => {
    expect(parseSearchBound('2021-01-01T01:00:00+02:00', 'start')).toMatchObject({ ok: true, value: '2020-12-31T23:00:00' });
  });

  it('reads a date alone as the whole day: from its first second to its last', () => {
    expect(parseSearchBound('2021-06-30', 'start')).toMatchObject({ ok: true, value: '2021-06-30T00:00:00' });
    expect(parseSearchBound('2021-06-30', 'end')).toMatchObject({ ok: true, value: '2021-06-30T23:59:59' });
  });

  it('rounds fractions of a second inward: the start up, the end down', () => {
    expect(parseSearchBound('2021-06-30T21:00:00.001', 'start')).toMatchObject({ ok: true, value: '2021-06-30T21:00:01' });
    expect(parseSearchBound('2021-06-30T21:00:00.999', 'end')).toMatchObject({ ok: true, value: '2021-06-30T21:00:00' });
    expect(parseSearchBound('2021-06-30T21:00:00.000', 'start')).toMatchObject({ ok: true, value: '2021-06-30T21:00:00' });
  });

  it('rounds a start up into the next day, month and year', () => {
    expect(parseSearchBound('2021-12-31T23:59:59.5Z', 'start')).toMatchObject({ ok: true, value: '2022-01-01T00:00:00' });
  });

  it('refuses a start rounded up past the last second a search covers, saying so', () => {
    expect(parseSearchBound('9999-12-31T23:59:59.5', 'start')).toEqual({
      raw: '9999-12-31T23:59:59.5',
      ok: false,
      problem: 'it is after the last second a search can start at (9999-12-31T23:59:59)',
    });
  });

  it('keeps the instant as written, in UTC, to compare two bounds before rounding', () => {
    expect(parseSearchBound('2021-06-30T23:00:00.25+02:00', 'start')).toMatchObject({ value: '2021-06-30T21:00:01', exact: '2021-06-30T21:00:00.250000000000' });
    expect(parseSearchBound('2021-06-30', 'end')).toMatchObject({ value: '2021-06-30T23:59:59', exact: '2021-06-30T23:59:59.999999999999' });
  });

  it.each([
    ['02021-06-30T21:00:00', 'start', '2021-06-30T21:00:00'],
    ['002021-06-30', 'end', '2021-06-30T23:59:59'],
    ['00001-01-01', 'start', '0001-01-01T00:00:00'],
  ] as const)('writes the year of %p, given with extra leading zeros, in four digits', (raw, side, expected) => {
    expect(parseSearchBound(raw, side)).toMatchObject({ ok: true, value: expected, exact: expect.stringMatching(new RegExp(`^${expected}\\.`)) });
  });

  it('keeps leap days of leap years', () => {
    expect(parseSearchBound('2024-02-29T10:00:00', 'start')).toMatchObject({ ok: true, value: '2024-02-29T10:00:00' });
    expect(parseSearchBound('2000-02-29', 'end')).toMatchObject({ ok: true, value: '2000-02-29T23:59:59' });
  });

  it.each([
    ['2021-02-30T00:00:00', 'day 30 does not exist in 2021-02'],
    ['2021-02-29', 'day 29 does not exist in 2021-02'],
    ['1900-02-29T00:00:00', 'day 29 does not exist in 1900-02'],
    ['2021-09-31T20:00:00', 'day 31 does not exist in 2021-09'],
    ['2021-13-01T00:00:00', 'month 13 does not exist'],
    ['2021-00-10T00:00:00', 'month 00 does not exist'],
    ['2021-06-00', 'day 00 does not exist in 2021-06'],
    ['2021-06-30T24:00:00', 'time 24:00:00 does not exist'],
    ['2021-06-30T21:60:00', 'time 21:60:00 does not exist'],
    ['2021-06-30T21:00:60Z', 'time 21:00:60 does not exist'],
    ['2021-06-30T21:00:00+24:00', 'offset 24:00 does not exist'],
    ['2021-06-30T21:00:00+02:60', 'offset 02:60 does not exist'],
  ])('rejects the impossible %p instead of rolling it over', (raw, problem) => {
    expect(parseSearchBound(raw, 'start')).toMatchObject({ ok: false, problem });
  });

  it('rejects a value that only exists outside the four-digit years once converted', () => {
    expect(parseSearchBound('9999-12-31T23:00:00-02:00', 'end')).toMatchObject({ ok: false, problem: expect.stringMatching(/1 to 9999/) });
    expect(parseSearchBound('0001-01-01T00:30:00+01:00', 'start')).toMatchObject({ ok: false, problem: expect.stringMatching(/1 to 9999/) });
  });

  it.each([
    ['0000-01-01', 'year 0000 is outside 1 to 9999'],
    ['10000-01-01', 'year 10000 is outside 1 to 9999'],
  ])('rejects %p, a year PostgreSQL cannot store', (raw, problem) => {
    expect(parseSearchBound(raw, 'start')).toEqual({ raw, ok: false, problem });
  });

  it.each([
    '',
    'yesterday',
    '2021-06-30T21',
    '2021/06/30',
    '30-06-2021',
    '2021-6-30',
    '2021-06-30T21:00:00+0200',
    '2021-06-30T21:00:00+02',
    '2021-06-30Z',
    '2021-06-30T21:00:00ZZ',
    '1625086800',
    ' 2021-06-30T21:00:00',
    '2021-06-30T21:00:00.',
  ])('rejects %p, which is not shaped like a date-time', (raw) => {
    expect(parseSearchBound(raw, 'start')).toMatchObject({ ok: false, problem: null });
  });
});
