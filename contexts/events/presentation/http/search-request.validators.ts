import { Transform } from 'class-transformer';
import { ValidationArguments, registerDecorator } from 'class-validator';
import { BoundSide, ParsedBound, SEARCH_BOUND_FORMAT, parseSearchBound } from './search-bound.parser';

const SEARCH_BOUND_CONSTRAINT = 'isSearchBound';
/** The validation pipe looks for this name to answer with INVALID_DATE_RANGE. */
export const ENDS_NOT_BEFORE_STARTS_CONSTRAINT = 'endsNotBeforeStarts';

function isParsedBound(value: unknown): value is ParsedBound {
  return typeof value === 'object' && value !== null && 'ok' in value && 'raw' in value;
}

/**
 * A search bound, parsed once when the query becomes the DTO (see parseSearchBound): the checks
 * below and the DTO's query read that one result. Anything but a single string (a repeated
 * parameter arrives as an array) is left for the validation to refuse.
 */
export function SearchBound(side: BoundSide): PropertyDecorator {
  const parse = Transform(({ value }) => (typeof value === 'string' ? parseSearchBound(value, side) : value));
  return (target, propertyName) => {
    parse(target, propertyName);
    registerDecorator({
      name: SEARCH_BOUND_CONSTRAINT,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => isParsedBound(value) && value.ok,
        defaultMessage: ({ property, value }: ValidationArguments) => {
          const why = isParsedBound(value) && !value.ok && value.problem ? ` (${value.problem})` : '';
          const given = isParsedBound(value) ? value.raw : value;
          return `${property} must be ${SEARCH_BOUND_FORMAT}, got ${JSON.stringify(given)}${why}`;
        },
      },
    });
  };
}

/**
 * On the end bound: compares the two bounds as written, once both are in UTC (offsets accounted
 * for) and before rounding, so a window within one second is valid (and empty), not refused.
 */
export function EndsNotBefore(startProperty: string): PropertyDecorator {
  const startOf = (object: object) => (object as Record<string, unknown>)[startProperty];
  return (target, propertyName) =>
    registerDecorator({
      name: ENDS_NOT_BEFORE_STARTS_CONSTRAINT,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, { object }: ValidationArguments) => {
          const start = startOf(object);
          // A malformed bound is reported by its own constraint; this one only compares valid ones.
          if (!isParsedBound(start) || !isParsedBound(value) || !start.ok || !value.ok) return true;
          return value.exact >= start.exact;
        },
        defaultMessage: ({ object, property, value }: ValidationArguments) => {
          const start = startOf(object) as ParsedBound;
          return `${property} must not be before ${startProperty}, got ${startProperty} ${JSON.stringify(start.raw)} and ${property} ${JSON.stringify((value as ParsedBound).raw)}`;
        },
      },
    });
}
