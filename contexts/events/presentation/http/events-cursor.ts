import { Order, SORT_FIELDS, SortField, SortPosition } from '../../domain/criteria/criteria';
import { EventSummary, sortValueOf } from '../../domain/event-summary';
import { calendarProblem } from '../../domain/value-objects/calendar';

/** What a cursor carries: the order it was made for and where its page ended. */
interface CursorContent {
  order: Order;
  position: SortPosition;
}

export type DecodedCursor = { ok: true; content: CursorContent; raw: string } | { ok: false; raw: string };

/** Where the next page starts, as an opaque token: base64url of a small JSON. */
export function nextCursorAfter(last: EventSummary, order: Order): string {
  const content: CursorContent = { order, position: { value: sortValueOf(last, order.by), id: last.id } };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The shape each sort field's value has, so a forged cursor cannot make the database fail on a cast. */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const VALUE_SHAPES: Record<SortField, RegExp> = {
  starts_at: WALL_CLOCK,
  ends_at: WALL_CLOCK,
  // Any text PostgreSQL can hold: everything but NUL.
  title: /^[^\0]{0,2000}$/,
  min_price: /^\d{1,10}(\.\d{1,2})?$/,
  max_price: /^\d{1,10}(\.\d{1,2})?$/,
};

function validValue(by: SortField, value: unknown): boolean {
  if (value === null) return by === 'min_price' || by === 'max_price';
  if (typeof value !== 'string' || !VALUE_SHAPES[by].test(value)) return false;
  return VALUE_SHAPES[by] !== WALL_CLOCK || calendarProblemOf(value) === null;
}

function calendarProblemOf(wallClock: string): string | null {
  const [year, month, day, hour, minute, second] = wallClock.split(/[-T:]/);
  return calendarProblem(year, month, day, hour, minute, second);
}

/** A cursor given back by a client: only one this API made, for a known order, is accepted. */
export function decodeCursor(raw: string): DecodedCursor {
  try {
    const content = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as CursorContent;
    const { order, position } = content;
    const known =
      SORT_FIELDS.includes(order?.by) &&
      (order.direction === 'asc' || order.direction === 'desc') &&
      typeof position?.id === 'string' &&
      UUID.test(position.id) &&
      validValue(order.by, position.value);
    return known ? { ok: true, content: { order: { by: order.by, direction: order.direction }, position: { value: position.value, id: position.id } }, raw } : { ok: false, raw };
  } catch {
    return { ok: false, raw };
  }
}
