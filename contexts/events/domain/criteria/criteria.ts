/**
 * A query over events, expressed in the domain's words. Repositories translate it (through a
 * whitelist of fields) so a new filter touches neither controllers nor use cases.
 */
export const FILTER_FIELDS = ['starts_at', 'ends_at', 'ever_online'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type FilterOperator = 'eq' | 'gte' | 'lte';

export interface Filter {
  readonly field: FilterField;
  readonly operator: FilterOperator;
  readonly value: string | boolean;
}

export const SORT_FIELDS = ['starts_at', 'ends_at', 'title', 'min_price', 'max_price'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

/** Ties are always broken by id, so the order is total and pages never overlap. */
export interface Order {
  readonly by: SortField;
  readonly direction: SortDirection;
}

export interface PageRequest {
  readonly number: number;
  readonly size: number;
}

/**
 * Where the previous page ended, in the order's terms: the last event's sort value (as text: a
 * wall-clock date-time, a title or a decimal; null for a missing price) and its id. The next
 * page starts strictly after it, however many events came before (keyset pagination).
 */
export interface SortPosition {
  readonly value: string | null;
  readonly id: string;
}

export class Criteria {
  constructor(
    readonly filters: readonly Filter[],
    readonly order: Order,
    /** null: every matching event, no total needed beyond the list itself. */
    readonly page: PageRequest | null,
    /** Without a page: return at most this many events (null: all of them). */
    readonly limit: number | null = null,
    /** Start after this position instead of at the page's offset (null: at the offset). */
    readonly after: SortPosition | null = null,
  ) {}

  get offset(): number {
    return this.page && this.after === null ? (this.page.number - 1) * this.page.size : 0;
  }
}
