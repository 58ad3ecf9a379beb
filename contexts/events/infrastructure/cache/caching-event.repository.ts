import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { CacheStore } from '@shared/cache/cache-store';
import { LogPort } from '@shared/logging/log-port';
import { Criteria } from '../../domain/criteria/criteria';
import { DataVersion } from '../../domain/data-version';
import { EventRepository, SaveBatchResult } from '../../domain/event.repository';
import { EventListing, EventSummaryPage } from '../../domain/event-summary';
import { TicketedEvent } from '../../domain/ticketed-event.aggregate';
import { CacheResult, SearchMetrics } from '../metrics/search-metrics';

export interface SearchCacheOptions {
  /** How long a result is kept; 0 switches the cache off. */
  ttlSeconds: number;
  /** After a store failure, how long to answer straight from the database before trying the store again. */
  retryAfterMs: number;
  /**
   * Events (over all results) kept in this process, as the objects the database gave, so a hot
   * search costs no round trip and its body is rendered once (RenderedJsonCache). In front of the
   * shared store when there is one; the only level when there is none. 0 keeps nothing here.
   */
  localEvents: number;
  /**
   * With a read replica, the version it has replayed (ReplicaDataVersion): a page read there is kept
   * only under a version the replica had reached, so a lagging replica never fills a fresh
   * version's entry with older rows. Without one, searches read the primary and this is not needed.
   */
  replicaVersion?: DataVersion;
}

const KEY_PREFIX = 'events:search:';

/** The two forms a search result is kept in; each has its own keys. */
interface Kind<T> {
  key: string;
  /** Events it holds, for the in-process level's budget. */
  events: (result: T) => number;
  /** As text in the shared store, and back. */
  stored: (result: T) => string;
  read: (stored: string) => T;
}
const PAGE: Kind<EventSummaryPage> = {
  key: 'page',
  events: (page) => page.events.length,
  stored: (page) => JSON.stringify(page),
  read: (stored) => JSON.parse(stored) as EventSummaryPage,
};
/**
 * A listing is kept as its count, then its entries' JSON as the database rendered it: wrapped in
 * JSON instead, its megabytes would be escaped into a second copy on the way in and parsed on the
 * way out, which on a small heap was enough to exhaust it. A listing refused for its size holds
 * its count alone. The key names the format, so replicas of a release that stored JSON never read it.
 */
const LISTING: Kind<EventListing> = {
  key: 'listing-text',
  events: (listing) => (listing.json === null ? 0 : listing.count),
  stored: (listing) => (listing.json === null ? String(listing.count) : `${listing.count}:${listing.json}`),
  read: (stored) => {
    const colon = stored.indexOf(':');
    return colon === -1 ? { count: Number(stored), json: null } : { count: Number(stored.slice(0, colon)), json: stored.slice(colon + 1) };
  },
};

type StoreAnswer<T> = { ok: true; value: T } | { ok: false };
/** Without a shared store every lookup there is a miss. */
const NOT_SHARED: StoreAnswer<undefined> = { ok: true, value: undefined };

interface Kept {
  result: unknown;
  events: number;
}

/**
 * The event repository with a read-through cache on `search` and `listing`. The key is the data version and a
 * digest of the criteria, which the use case has already normalized (bounds in one wall-clock
 * form, defaults spelled out), so equivalent requests share an entry, the same key serves every
 * level, and a sync that changed anything makes every older entry unreachable (they age out by
 * TTL): a result is never older than the last sync. The store is optional to correctness: when it
 * fails or is slow the result comes from the database, and the outage is logged once.
 */
export class CachingEventRepository extends EventRepository {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly local: LRUCache<string, Kept> | null;
  private storeDown = false;
  private retryStoreAt = 0;

  constructor(
    private readonly events: EventRepository,
    /** Shared between API replicas (Redis); null when there is none. */
    private readonly store: CacheStore | null,
    private readonly dataVersion: DataVersion,
    private readonly options: SearchCacheOptions,
    private readonly metrics: SearchMetrics,
    private readonly logger: LogPort,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.local =
      options.ttlSeconds > 0 && options.localEvents > 0
        ? new LRUCache<string, Kept>({
            maxSize: options.localEvents,
            sizeCalculation: (kept) => Math.max(kept.events, 1),
            ttl: options.ttlSeconds * 1000,
          })
        : null;
  }

  saveBatch(events: readonly TicketedEvent[]): Promise<SaveBatchResult> {
    return this.events.saveBatch(events);
  }

  search(criteria: Criteria): Promise<EventSummaryPage> {
    return this.cached(PAGE, criteria, () => this.events.search(criteria));
  }

  listing(criteria: Criteria): Promise<EventListing> {
    return this.cached(LISTING, criteria, () => this.events.listing(criteria));
  }

  private async cached<T>(kind: Kind<T>, criteria: Criteria, read: () => Promise<T>): Promise<T> {
    if (this.options.ttlSeconds === 0) return this.fromDatabase(kind, read, 'bypass');
    const version = await this.dataVersion.current();
    const key = `${KEY_PREFIX}${version}:${kind.key}:${digest(criteria)}`;
    const local = this.local?.get(key);
    if (local) {
      this.metrics.cacheRequest('hit');
      return local.result as T;
    }
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) {
      this.metrics.cacheRequest('hit');
      return pending;
    }
    // Concurrent misses on one key wait for the same query instead of each running it.
    const flight = this.lookUpOrRead(kind, key, version, read).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  private async lookUpOrRead<T>(kind: Kind<T>, key: string, version: number, read: () => Promise<T>): Promise<T> {
    const store = this.store;
    const stored = store ? await this.tryStore(() => store.get(key)) : NOT_SHARED;
    if (stored.ok && stored.value !== undefined) {
      const result = kind.read(stored.value);
      this.local?.set(key, { result, events: kind.events(result) });
      this.metrics.cacheRequest('hit');
      return result;
    }
    // Read before the rows: they are at least as fresh as the version the replica had reached then.
    const replicaReached = (await this.options.replicaVersion?.current()) ?? version;
    const result = await this.fromDatabase(kind, read, stored.ok ? 'miss' : 'error');
    if (replicaReached < version) return result;
    this.local?.set(key, { result, events: kind.events(result) });
    if (store) await this.tryStore(() => store.set(key, kind.stored(result), this.options.ttlSeconds));
    return result;
  }

  private async fromDatabase<T>(kind: Kind<T>, read: () => Promise<T>, result: CacheResult): Promise<T> {
    this.metrics.cacheRequest(result);
    const found = await read();
    this.metrics.searchReturned(kind.events(found));
    return found;
  }

  private async tryStore<T>(operation: () => Promise<T>): Promise<StoreAnswer<T>> {
    if (this.now() < this.retryStoreAt) return { ok: false };
    try {
      const value = await operation();
      if (this.storeDown) {
        this.storeDown = false;
        this.logger.log('search cache store is answering again');
      }
      return { ok: true, value };
    } catch (error) {
      this.retryStoreAt = this.now() + this.options.retryAfterMs;
      if (!this.storeDown) {
        this.storeDown = true;
        this.logger.warn(`search cache store failed (${(error as Error).message}); answering from the database`);
      }
      return { ok: false };
    }
  }
}

function digest(criteria: Criteria): string {
  return hash('sha256', JSON.stringify(criteria), 'hex');
}
