import { Counter, Histogram, Registry } from 'prom-client';

/** hit: answered from a cache level; miss: read from the database, then kept; bypass: cache off; error: the store failed, read from the database. */
export type CacheResult = 'hit' | 'miss' | 'bypass' | 'error';

/** What the search side counts, registered on the process's registry (served at /metrics). */
export class SearchMetrics {
  private readonly cacheRequests: Counter<'result'>;
  private readonly rows: Histogram;

  constructor(registry: Registry) {
    this.cacheRequests = new Counter({
      name: 'events_cache_requests_total',
      help: 'Searches by how the cache answered them',
      labelNames: ['result'],
      registers: [registry],
    });
    this.rows = new Histogram({
      name: 'events_search_rows',
      help: 'Events returned by each search that reached the database',
      buckets: [0, 1, 10, 100, 1_000, 10_000, 100_000],
      registers: [registry],
    });
    // Every result shows from the start, at 0, so a rate over it is defined before its first event.
    for (const result of ['hit', 'miss', 'bypass', 'error'] as const) this.cacheRequests.inc({ result }, 0);
  }

  cacheRequest(result: CacheResult): void {
    this.cacheRequests.inc({ result });
  }

  searchReturned(rows: number): void {
    this.rows.observe(rows);
  }
}
