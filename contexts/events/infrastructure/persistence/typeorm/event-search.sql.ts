import {
  Criteria,
  Filter,
  FilterField,
  FilterOperator,
  Order,
  SortDirection,
  SortField,
  SortPosition,
} from '@contexts/events/domain/criteria/criteria';

export interface SqlStatement {
  text: string;
  parameters: unknown[];
}

export interface EventSearchStatements {
  rows: SqlStatement;
  /** null when the rows are every match, so their number is the total. */
  count: SqlStatement | null;
}

// Whitelists: the only text that reaches the SQL is written here; values travel as parameters.
const FILTER_COLUMNS: Record<FilterField, { column: string; kind: 'wall-clock' | 'flag' }> = {
  starts_at: { column: 'starts_at', kind: 'wall-clock' },
  ends_at: { column: 'ends_at', kind: 'wall-clock' },
  ever_online: { column: 'ever_online', kind: 'flag' },
};

const OPERATORS: Record<FilterOperator, string> = { eq: '=', gte: '>=', lte: '<=' };

// Nullable columns sort NULLS LAST whatever the direction: an event without prices is never the
// cheapest nor the dearest. The others keep Postgres' default so a btree read backwards serves DESC.
const SORT_COLUMNS: Record<SortField, { column: string; nullable: boolean; type: string }> = {
  starts_at: { column: 'starts_at', nullable: false, type: 'timestamp' },
  ends_at: { column: 'ends_at', nullable: false, type: 'timestamp' },
  title: { column: 'title', nullable: false, type: 'text' },
  min_price: { column: 'min_price', nullable: true, type: 'numeric' },
  max_price: { column: 'max_price', nullable: true, type: 'numeric' },
};

const DIRECTIONS: Record<SortDirection, string> = { asc: 'ASC', desc: 'DESC' };

// to_char keeps wall-clock time as text: letting pg build a JS Date would shift it by the host's timezone.
const WALL_CLOCK = `'YYYY-MM-DD"T"HH24:MI:SS'`;

const SUMMARY_COLUMNS = `
  id,
  title,
  to_char(starts_at, ${WALL_CLOCK}) AS "startsAt",
  to_char(ends_at, ${WALL_CLOCK}) AS "endsAt",
  min_price::text AS "minPrice",
  max_price::text AS "maxPrice"`;

function whitelisted<K extends string, V>(map: Record<K, V>, key: K, what: string): V {
  if (!Object.hasOwn(map, key)) throw new Error(`Unsupported ${what} "${key}"`);
  return map[key];
}

function condition(filter: Filter, parameters: unknown[]): string {
  const { column, kind } = whitelisted(FILTER_COLUMNS, filter.field, 'filter field');
  const operator = whitelisted(OPERATORS, filter.operator, 'filter operator');
  if (kind === 'flag') {
    if (filter.operator !== 'eq' || typeof filter.value !== 'boolean') {
      throw new Error(`Filter on ${filter.field} must be "eq" a boolean`);
    }
    // A bare column (not "= $n") lets the planner match the partial indexes' WHERE ever_online.
    return filter.value ? column : `NOT ${column}`;
  }
  if (typeof filter.value !== 'string') throw new Error(`Filter on ${filter.field} needs a date-time`);
  parameters.push(filter.value);
  const bound = `$${parameters.length}::timestamp`;
  // No event starts after it ends (a CHECK in the schema), so an event ending by the bound also
  // starts by it: saying so lets the scan of the starts_at index stop at the bound instead of
  // reading every later event only to filter it out.
  if (filter.field === 'ends_at' && filter.operator === 'lte') return `${column} <= ${bound} AND starts_at <= ${bound}`;
  return `${column} ${operator} ${bound}`;
}

function orderBy(order: Order): string {
  const { column, nullable } = whitelisted(SORT_COLUMNS, order.by, 'sort field');
  const direction = whitelisted(DIRECTIONS, order.direction, 'sort direction');
  // id breaks ties in the same direction, so the order is total and pages never overlap.
  return `${column} ${direction}${nullable ? ' NULLS LAST' : ''}, id ${direction}`;
}

/**
 * Rows strictly after a position in the order (keyset pagination): a row comparison the sort's
 * index answers directly. Missing prices sort last either way, so every priced row comes before
 * them, and past a missing price only missing prices with a further id remain.
 */
function afterPosition(order: Order, position: SortPosition, parameters: unknown[]): string {
  const { column, nullable, type } = whitelisted(SORT_COLUMNS, order.by, 'sort field');
  const beyond = order.direction === 'asc' ? '>' : '<';
  parameters.push(position.id);
  const id = `$${parameters.length}::uuid`;
  if (position.value === null) return `(${column} IS NULL AND id ${beyond} ${id})`;
  parameters.push(position.value);
  const rowsAfter = `(${column}, id) ${beyond} ($${parameters.length}::${type}, ${id})`;
  return nullable ? `(${rowsAfter} OR ${column} IS NULL)` : rowsAfter;
}

/** Translates a search into SQL over `events`, returning EventSummary rows. */
export function eventSearchStatements(criteria: Criteria): EventSearchStatements {
  return matchingRows(criteria, SUMMARY_COLUMNS);
}

/**
 * A search without pages for a listing, in one row: how many events matched (up to the criteria's
 * limit) and, below the limit, the JSON array of their entries: the stored `listing_json`, joined in
 * the search's order (an empty array when nothing matched). A window that reaches the limit comes
 * back counted only, so a search that will be refused costs an index scan, not a transfer of its rows.
 *
 * string_agg joins the rows in the order the sorted subquery hands them over. PostgreSQL's manual
 * offers a sorted subquery as the way to order an aggregate's input ("will usually work") and warns
 * only of joins at the outer level, so the aggregate must stay alone over the bare subquery (a spec
 * holds it to the order). An ORDER BY inside the aggregate would sort the rows again, which measured
 * as much as the rest of the query (1.7 against 1.0 ms for a month's 740 events).
 */
export function eventListingStatement(criteria: Criteria): SqlStatement {
  const { rows } = matchingRows(criteria, 'listing_json');
  // With a limit, the rows' last parameter is their LIMIT: the count is compared with that same one.
  const rendered = criteria.limit === null ? 'true' : `count(*) < $${rows.parameters.length}::int`;
  return {
    text: `SELECT count(*)::int AS count,
       CASE WHEN ${rendered} THEN '[' || COALESCE(string_agg(listing_json, ','), '') || ']' END AS json
FROM (${rows.text}) AS found`,
    parameters: rows.parameters,
  };
}

function matchingRows(criteria: Criteria, columns: string): EventSearchStatements {
  const filterParameters: unknown[] = [];
  const conditions = criteria.filters.map((filter) => condition(filter, filterParameters));
  const where = conditions.length > 0 ? conditions.join(' AND ') : 'true';
  const countParameters = [...filterParameters];
  const rowsWhere = criteria.after === null ? where : `${where} AND ${afterPosition(criteria.order, criteria.after, filterParameters)}`;
  const select = `SELECT ${columns}\nFROM events\nWHERE ${rowsWhere}\nORDER BY ${orderBy(criteria.order)}`;
  if (criteria.page === null && criteria.limit !== null) {
    return { rows: { text: `${select}\nLIMIT $${filterParameters.length + 1}`, parameters: [...filterParameters, criteria.limit] }, count: null };
  }
  if (criteria.page === null) return { rows: { text: select, parameters: filterParameters }, count: null };

  const limit = filterParameters.length + 1;
  return {
    rows: {
      text: `${select}\nLIMIT $${limit} OFFSET $${limit + 1}`,
      parameters: [...filterParameters, criteria.page.size, criteria.offset],
    },
    count: { text: `SELECT count(*)::int AS total FROM events WHERE ${where}`, parameters: countParameters },
  };
}
