import { InvalidDateRange } from '../errors/invalid-date-range.error';
import { LocalDateTime } from './local-date-time.value-object';

/** A closed interval of wall-clock time; `label` names it in errors ("event", "sell window"). */
export class DateTimeRange {
  private constructor(
    readonly start: LocalDateTime,
    readonly end: LocalDateTime,
  ) {}

  static of(label: string, start: string, end: string): DateTimeRange {
    const from = LocalDateTime.parse(start);
    const to = LocalDateTime.parse(end);
    if (to.isBefore(from)) throw new InvalidDateRange(label, from.value, to.value);
    return new DateTimeRange(from, to);
  }
}
