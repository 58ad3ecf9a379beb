import { ValidationArguments, registerDecorator } from 'class-validator';
import { DecodedCursor } from './events-cursor';

/**
 * Deepest a page number may reach: page × pageSize events. Past it OFFSET would read and drop
 * that many rows for every request; the cursor (nextCursor) reaches any depth at the cost of one page.
 */
export const MAX_PAGE_WINDOW = 10_000;

export const PAGE_WINDOW_CONSTRAINT = 'withinPageWindow';

/** On `page`: page × pageSize stays within MAX_PAGE_WINDOW. */
export function WithinPageWindow(sizeProperty: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: PAGE_WINDOW_CONSTRAINT,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (page: unknown, { object }: ValidationArguments) => {
          const size = (object as Record<string, unknown>)[sizeProperty];
          // Malformed numbers are reported by their own constraints.
          return typeof page !== 'number' || typeof size !== 'number' || page * size <= MAX_PAGE_WINDOW;
        },
        defaultMessage: ({ object, value }: ValidationArguments) =>
          `page × ${sizeProperty} must be at most ${MAX_PAGE_WINDOW}, got page ${value} × ${(object as Record<string, unknown>)[sizeProperty]}: ` +
          'to go deeper, pass the nextCursor of the previous page as cursor',
      },
    });
}

/** On `cursor`: one this API made, for the order asked, and not combined with a page number. */
export function IsEventsCursor(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEventsCursor',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (cursor: unknown, { object }: ValidationArguments) => problemWith(cursor as DecodedCursor, object) === null,
        defaultMessage: ({ value, object }: ValidationArguments) => problemWith(value as DecodedCursor, object) ?? 'cursor is invalid',
      },
    });
}

function problemWith(cursor: DecodedCursor | string[] | undefined, request: object): string | null {
  if (typeof cursor !== 'object' || cursor === null || Array.isArray(cursor)) return 'cursor must be the nextCursor of a previous page';
  if (!cursor.ok) return `cursor must be the nextCursor of a previous page, got ${JSON.stringify(cursor.raw)}`;
  const { sortBy, sortDir, page } = request as { sortBy?: unknown; sortDir?: unknown; page?: unknown };
  const { by, direction } = cursor.content.order;
  if (by !== sortBy || direction !== sortDir) {
    return `cursor was made for sortBy=${by}&sortDir=${direction}: give the same order, or start again without a cursor`;
  }
  if (page !== 1) return 'cursor replaces page: give one or the other';
  return null;
}
