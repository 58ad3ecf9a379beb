/**
 * The years a wall-clock date-time may have: four digits, and no year 0 (ISO 8601 calls 1 BC
 * "0000", but PostgreSQL's timestamps have no year 0, so such a value could never be stored or compared).
 */
export const FIRST_YEAR = 1;
export const LAST_YEAR = 9999;

/** Days in a month of the proleptic Gregorian calendar (leap years: every 4th, not every 100th, every 400th). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The one calendar rule of the context: why the fields (as written, zero-padded) do not make a
 * date-time, or null when they do.
 */
export function calendarProblem(year: string, month: string, day: string, hour: string, minute: string, second: string): string | null {
  if (Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR) return `year ${year} is outside ${FIRST_YEAR} to ${LAST_YEAR}`;
  if (Number(month) < 1 || Number(month) > 12) return `month ${month} does not exist`;
  if (Number(day) < 1 || Number(day) > daysInMonth(Number(year), Number(month))) return `day ${day} does not exist in ${year}-${month}`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return `time ${hour}:${minute}:${second} does not exist`;
  return null;
}
