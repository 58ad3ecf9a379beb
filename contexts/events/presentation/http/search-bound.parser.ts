import { daysInMonth } from '../../domain/value-objects/calendar';

/** Which end of the search window a value bounds: it decides how date-only and fractional values round. */
export type BoundSide = 'start' | 'end';

/** `problem` is null when the text is not shaped like a date-time at all. */
export type ParsedBound = { ok: true; value: string } | { ok: false; problem: string | null };

export const SEARCH_BOUND_FORMAT =
  'an ISO 8601 date-time such as 2021-06-30T21:00:00Z, 2021-06-30T23:00:00+02:00, 2021-06-30T21:00:00 or 2021-06-30';

/*
 * ISO 8601 / RFC 3339: a date, optionally a time (seconds and fraction optional), optionally an
 * offset. A space is accepted in place of the offset's plus because an unencoded "+02:00" in a
 * query string arrives as " 02:00"; nothing else can have been there.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:[Zz]|([+\- ])(\d{2}):(\d{2}))?)?$/;

function calendarProblem(year: string, month: string, day: string, hour: string, minute: string, second: string): string | null {
  if (Number(month) < 1 || Number(month) > 12) return `month ${month} does not exist`;
  if (Number(day) < 1 || Number(day) > daysInMonth(Number(year), Number(month))) return `day ${day} does not exist in ${year}-${month}`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return `time ${hour}:${minute}:${second} does not exist`;
  return null;
}

/**
 * Turns a search bound as a client wrote it into the feed's wall-clock form `YYYY-MM-DDTHH:MM:SS`.
 * With an offset the instant is converted to UTC; without one it is taken as wall-clock as is.
 * A date alone covers its whole day. Fractions of a second round inward (start up, end down) so
 * the window never grows. Impossible dates are rejected, never rolled over as `Date` would.
 */
export function parseSearchBound(raw: string, side: BoundSide): ParsedBound {
  const match = ISO_DATE_TIME.exec(raw);
  if (!match) return { ok: false, problem: null };
  const [, year, month, day, givenHour, givenMinute, givenSecond = '00', fraction = '', sign, offsetHours = '00', offsetMinutes = '00'] =
    match;
  const [hour, minute, second] =
    givenHour !== undefined ? [givenHour, givenMinute, givenSecond] : side === 'start' ? ['00', '00', '00'] : ['23', '59', '59'];
  const problem = calendarProblem(year, month, day, hour, minute, second);
  if (problem) return { ok: false, problem };
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
    return { ok: false, problem: `offset ${offsetHours}:${offsetMinutes} does not exist` };
  }
  const wallClock = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const roundUp = side === 'start' && /[1-9]/.test(fraction);
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  if (!roundUp && offset === 0) return { ok: true, value: wallClock };
  // Arithmetic on a UTC Date only: no host timezone is involved and every field is already valid.
  const instant = new Date(0);
  instant.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  instant.setUTCHours(Number(hour), Number(minute), Number(second) + (roundUp ? 1 : 0) - offset * 60);
  if (instant.getUTCFullYear() < 0 || instant.getUTCFullYear() > 9999) {
    return { ok: false, problem: 'it falls outside the years 0000 to 9999 once converted to UTC' };
  }
  return { ok: true, value: instant.toISOString().slice(0, 19) };
}
