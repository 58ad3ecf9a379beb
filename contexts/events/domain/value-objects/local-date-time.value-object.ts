import { InvalidDateTime } from '../errors/invalid-date-time.error';
import { calendarProblem } from './calendar';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock date-time with no timezone, exactly as the provider wrote it.
 * Kept as text on purpose: converting through `Date` would shift it by the host's
 * timezone and would silently roll impossible dates (2021-09-31) into the next month.
 * The canonical form `YYYY-MM-DDTHH:MM:SS` sorts lexicographically in time order.
 */
export class LocalDateTime {
  private constructor(readonly value: string) {}

  static parse(raw: string): LocalDateTime {
    const match = WALL_CLOCK.exec(raw?.trim() ?? '');
    if (!match) throw new InvalidDateTime(raw, 'expected YYYY-MM-DDTHH:MM:SS');
    const [, y, mo, d, h, mi, s = '00'] = match;
    const problem = calendarProblem(y, mo, d, h, mi, s);
    if (problem) throw new InvalidDateTime(raw, problem);
    return new LocalDateTime(`${y}-${mo}-${d}T${h}:${mi}:${s}`);
  }

  get date(): string {
    return this.value.slice(0, 10);
  }

  get time(): string {
    return this.value.slice(11);
  }

  isBefore(other: LocalDateTime): boolean {
    return this.value < other.value;
  }

  equals(other: LocalDateTime): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
