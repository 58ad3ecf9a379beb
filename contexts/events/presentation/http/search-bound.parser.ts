import { FIRST_YEAR, LAST_YEAR, calendarProblem } from '../../domain/value-objects/calendar';

/** Which end of the search window a value bounds: it decides how date-only and fractional values round. */
export type BoundSide = 'start' | 'end';

/**
 * `problem` is null when the text is not shaped like a date-time at all. `raw` is the text as the
 * client wrote it; `value` the bound as searched (rounded inward to the second); `exact` the
 * instant as written, comparable as text with another bound's, so two bounds within one second
 * (rounded past each other) still compare as written.
 */
export type ParsedBound = { raw: string } & ({ ok: true; value: string; exact: string } | { ok: false; problem: string | null });

/** Digits of a fraction of a second kept in `exact`: more than any clock gives. */
const FRACTION_DIGITS = 12;

export const SEARCH_BOUND_FORMAT =
  'an ISO 8601 date-time such as 2021-06-30T21:00:00Z, 2021-06-30T23:00:00+02:00, 2021-06-30T21:00:00 or 2021-06-30';

/*
 * ISO 8601 / RFC 3339: a date, optionally a time (seconds and fraction optional), optionally an
 * offset. A space is accepted in place of the offset's plus because an unencoded "+02:00" in a
 * query string arrives as " 02:00"; nothing else can have been there.
 */
const ISO_DATE_TIME =
  /^(\d{4,})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:[Zz]|([+\- ])(\d{2}):(\d{2}))?)?$/;

/**
 * Turns a search bound as a client wrote it into the feed's wall-clock form `YYYY-MM-DDTHH:MM:SS`.
 * With an offset the instant is converted to UTC; without one it is taken as wall-clock as is.
 * A date alone covers its whole day. Fractions of a second round inward (start up, end down) so
 * the window never grows. Impossible dates are rejected, never rolled over as `Date` would.
 */
export function parseSearchBound(raw: string, side: BoundSide): ParsedBound {
  const match = ISO_DATE_TIME.exec(raw);
  if (!match) return { raw, ok: false, problem: null };
  const [, year, month, day, givenHour, givenMinute, givenSecond = '00', fraction = '', sign, offsetHours = '00', offsetMinutes = '00'] =
    match;
  const [hour, minute, second] =
    givenHour !== undefined ? [givenHour, givenMinute, givenSecond] : side === 'start' ? ['00', '00', '00'] : ['23', '59', '59'];
  const problem = calendarProblem(year, month, day, hour, minute, second);
  if (problem) return { raw, ok: false, problem };
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
    return { raw, ok: false, problem: `offset ${offsetHours}:${offsetMinutes} does not exist` };
  }
  // A year written with extra leading zeros (02021) is still the four-digit year the store compares.
  const wallClock = `${String(Number(year)).padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}`;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const utc = offset === 0 ? wallClock : shifted(wallClock, -offset * 60);
  if (utc === null) return { raw, ok: false, problem: `its year is outside ${FIRST_YEAR} to ${LAST_YEAR} once converted to UTC` };
  // A date alone ends with its day's last instant.
  const exactFraction = givenHour === undefined && side === 'end' ? '9'.repeat(FRACTION_DIGITS) : fraction.padEnd(FRACTION_DIGITS, '0').slice(0, FRACTION_DIGITS);
  const exact = `${utc}.${exactFraction}`;
  if (!(side === 'start' && /[1-9]/.test(fraction))) return { raw, ok: true, value: utc, exact };
  const roundedUp = shifted(utc, 1);
  if (roundedUp === null) return { raw, ok: false, problem: `it is after the last second a search can start at (${LAST_YEAR}-12-31T23:59:59)` };
  return { raw, ok: true, value: roundedUp, exact };
}

/** `YYYY-MM-DDTHH:MM:SS` moved by `seconds`, or null past the years a search covers. UTC arithmetic only: no host timezone. */
function shifted(wallClock: string, seconds: number): string | null {
  const [year, month, day, hour, minute, second] = wallClock.split(/[-T:]/).map(Number);
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second + seconds);
  if (instant.getUTCFullYear() < FIRST_YEAR || instant.getUTCFullYear() > LAST_YEAR) return null;
  return instant.toISOString().slice(0, 19);
}
