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

export class Criteria {
  constructor(
    readonly filters: readonly Filter[],
    readonly order: Order,
    /** null: every matching event, no total needed beyond the list itself. */
    readonly page: PageRequest | null,
    /** Without a page: return at most this many events (null: all of them). */
    readonly limit: number | null = null,
  ) {}

  get offset(): number {
    return this.page ? (this.page.number - 1) * this.page.size : 0;
  }
}
