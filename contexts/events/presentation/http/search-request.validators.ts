import { ValidationArguments, registerDecorator } from 'class-validator';
import { BoundSide, SEARCH_BOUND_FORMAT, parseSearchBound } from './search-bound.parser';

const SEARCH_BOUND_CONSTRAINT = 'isSearchBound';
/** The validation pipe looks for this name to answer with INVALID_DATE_RANGE. */
export const ENDS_NOT_BEFORE_STARTS_CONSTRAINT = 'endsNotBeforeStarts';

/** A bound the search window accepts (see parseSearchBound); the message says why a value is not. */
export function IsSearchBound(side: BoundSide): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: SEARCH_BOUND_CONSTRAINT,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseSearchBound(value, side).ok,
        defaultMessage: ({ property, value }: ValidationArguments) => {
          const parsed = typeof value === 'string' ? parseSearchBound(value, side) : null;
          const why = parsed && !parsed.ok && parsed.problem ? ` (${parsed.problem})` : '';
          return `${property} must be ${SEARCH_BOUND_FORMAT}, got ${JSON.stringify(value)}${why}`;
        },
      },
    });
}

/** On the end bound: compares the two bounds once both are normalized, so offsets are accounted for. */
export function EndsNotBefore(startProperty: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: ENDS_NOT_BEFORE_STARTS_CONSTRAINT,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, { object }: ValidationArguments) => {
          const start = (object as Record<string, unknown>)[startProperty];
          // A malformed bound is reported by its own constraint; this one only compares valid ones.
          if (typeof start !== 'string' || typeof value !== 'string') return true;
          const [from, to] = [parseSearchBound(start, 'start'), parseSearchBound(value, 'end')];
          return !from.ok || !to.ok || to.value >= from.value;
        },
        defaultMessage: ({ object, property, value }: ValidationArguments) => {
          const start = (object as Record<string, unknown>)[startProperty];
          return `${property} must not be before ${startProperty}, got ${startProperty} ${JSON.stringify(start)} and ${property} ${JSON.stringify(value)}`;
        },
      },
    });
}
