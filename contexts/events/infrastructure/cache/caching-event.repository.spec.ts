import { Registry } from 'prom-client';
import { CacheStore } from '@shared/cache/cache-store';
import { MemoryCacheStore } from '@shared/testing/memory-cache.store';
import { Criteria } from '../../domain/criteria/criteria';
import { DataVersion } from '../../domain/data-version';
import { EventSummaryPage, listingOf } from '../../domain/event-summary';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { SearchMetrics } from '../metrics/search-metrics';
import { CachingEventRepository, SearchCacheOptions } from './caching-event.repository';

/** Counts the queries that reach the store of events, which is what the cache exists to avoid. */
class CountingEventRepository extends InMemoryEventRepository {
  searches = 0;

  override async search(criteria: Criteria): Promise<EventSummaryPage> {
    this.searches += 1;
    return super.search(criteria);
  }
}

class SettableDataVersion extends DataVersion {
  constructor(public version = 1) {
    super();
  }

  async current(): Promise<number> {
    return this.version;
  }
}

/** A store that is down: every operation fails, and it says how many were tried. */
class FailingCacheStore extends CacheStore {
  attempts = 0;

  async get(): Promise<string | undefined> {
    this.attempts += 1;
    throw new Error('connection refused');
  }

  async set(): Promise<void> {
    this.attempts += 1;
    throw new Error('connection refused');
  }

  async ping(): Promise<void> {
    throw new Error('connection refused');
  }

  async close(): Promise<void> {}
}

/** A store that keeps what it is given, and records the keys it was asked for. */
class RecordingCacheStore extends MemoryCacheStore {
  readonly keysRead: string[] = [];
  readonly ttls: number[] = [];

  override async get(key: string): Promise<string | undefined> {
    this.keysRead.push(key);
    return super.get(key);
  }

  override async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.ttls.push(ttlSeconds);
    return super.set(key, value, ttlSeconds);
  }
}

const WHOLE_2021 = new Criteria(
  [
    { field: 'ever_online', operator: 'eq', value: true },
    { field: 'starts_at', operator: 'gte', value: '2021-01-01T00:00:00' },
    { field: 'ends_at', operator: 'lte', value: '2021-12-31T23:59:59' },
  ],
  { by: 'starts_at', direction: 'asc' },
  null,
);
const WHOLE_2021_DESCENDING = new Criteria(WHOLE_2021.filters, { by: 'starts_at', direction: 'desc' }, null);

describe('CachingEventRepository', () => {
  let events: CountingEventRepository;
  let store: RecordingCacheStore;
  let version: SettableDataVersion;
  let logger: RecordingLogger;
  let registry: Registry;

  function cached(options: Partial<SearchCacheOptions> = {}, cacheStore: CacheStore | null = store, now?: () => number): CachingEventRepository {
    const settings = { ttlSeconds: 60, retryAfterMs: 0, localEvents: 0, ...options };
    return new CachingEventRepository(events, cacheStore, version, settings, new SearchMetrics(registry), logger, now);
  }

  async function cacheResults(): Promise<Record<string, number>> {
    const metric = await registry.getSingleMetric('events_cache_requests_total')!.get();
    return Object.fromEntries(metric.values.map((value) => [value.labels.result, value.value]));
  }

  const titles = (page: EventSummaryPage) => page.events.map((event) => event.title);

  beforeEach(async () => {
    events = new CountingEventRepository();
    await events.saveBatch([
      EventMother.online({ title: 'Camela en concierto', startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T21:30:00' }),
      EventMother.online({ title: 'Los Morancos', startsAt: '2021-07-31T20:00:00', endsAt: '2021-07-31T21:00:00' }),
    ]);
    store = new RecordingCacheStore();
    version = new SettableDataVersion(7);
    logger = new RecordingLogger();
    registry = new Registry();
  });

  it('answers a repeated search from the cache, without a second query, counting hit and miss', async () => {
    const repository = cached();
    const miss = await repository.search(WHOLE_2021);
    const hit = await repository.search(WHOLE_2021);
    expect(events.searches).toBe(1);
    expect(hit).toEqual(miss);
    expect(titles(hit)).toEqual(['Camela en concierto', 'Los Morancos']);
    expect(await cacheResults()).toEqual({ hit: 1, miss: 1, bypass: 0, error: 0 });
  });

  it('without a shared store, keeps results in the process and hands out the same object until the version moves', async () => {
    const repository = cached({ localEvents: 100 }, null);
    const miss = await repository.listing(WHOLE_2021);
    const hit = await repository.listing(WHOLE_2021);
    version.version = 8;
    const afterSync = await repository.listing(WHOLE_2021);

    expect(hit).toBe(miss);
    expect(afterSync).not.toBe(miss);
    expect(afterSync).toEqual(miss);
    expect(events.searches).toBe(2);
    expect(await cacheResults()).toEqual({ hit: 1, miss: 2, bypass: 0, error: 0 });
  });

  it('keys by data version and a digest of the criteria, and stores for the TTL', async () => {
    await cached({ ttlSeconds: 45 }).search(WHOLE_2021);
    expect(store.keysRead).toEqual([expect.stringMatching(/^events:search:7:page:[0-9a-f]{64}$/)]);
    expect(store.ttls).toEqual([45]);
  });

  it('keeps a listing apart from the page of the same criteria, and answers it from the cache too', async () => {
    const repository = cached({ localEvents: 100 });
    const page = await repository.search(WHOLE_2021);
    const listing = await repository.listing(WHOLE_2021);
    const again = await repository.listing(WHOLE_2021);

    expect(listing).toEqual(listingOf(page.events));
    expect(again).toBe(listing);
    // The fake renders a listing from a search of its own: one read for the page, one for the listing.
    expect(events.searches).toBe(2);
    expect(store.keysRead).toEqual([expect.stringMatching(/^events:search:7:page:/), expect.stringMatching(/^events:search:7:listing-text:/)]);
    expect(await cacheResults()).toEqual({ hit: 1, miss: 2, bypass: 0, error: 0 });
  });

  it('keeps a listing in the shared store as its count and its JSON text, unwrapped, and another replica reads it back', async () => {
    const refusedWindow = new Criteria(WHOLE_2021.filters, WHOLE_2021.order, null, 2);
    const repository = cached();
    const listing = await repository.listing(WHOLE_2021);
    await repository.listing(refusedWindow);
    const [listingKey, refusedKey] = store.keysRead;

    expect(await store.get(listingKey)).toBe(`2:${listing.json}`);
    expect(await store.get(refusedKey)).toBe('2');
    const otherReplica = new CachingEventRepository(events, store, version, { ttlSeconds: 60, retryAfterMs: 0, localEvents: 0 }, new SearchMetrics(new Registry()), logger);
    await expect(otherReplica.listing(WHOLE_2021)).resolves.toEqual(listing);
    await expect(otherReplica.listing(refusedWindow)).resolves.toEqual({ count: 2, json: null });
    expect(events.searches).toBe(2);
  });

  it('shares one entry between equal criteria and keeps different ones apart', async () => {
    const repository = cached();
    await repository.search(WHOLE_2021);
    await repository.search(new Criteria([...WHOLE_2021.filters], { ...WHOLE_2021.order }, null));
    await repository.search(WHOLE_2021_DESCENDING);
    await repository.search(new Criteria(WHOLE_2021.filters, WHOLE_2021.order, { number: 1, size: 10 }));
    expect(events.searches).toBe(3);
  });

  it('stops serving an entry once the data version moves on', async () => {
    const repository = cached({ localEvents: 10 });
    await repository.search(WHOLE_2021);
    await events.saveBatch([EventMother.online({ title: 'Pantomima Full', startsAt: '2021-02-10T20:00:00', endsAt: '2021-02-10T21:30:00' })]);
    version.version = 8;
    const fresh = await repository.search(WHOLE_2021);
    expect(events.searches).toBe(2);
    expect(titles(fresh)).toEqual(['Pantomima Full', 'Camela en concierto', 'Los Morancos']);
  });

  it('keeps no page read from a replica that lags behind the data version, until it has caught up', async () => {
    const replica = new SettableDataVersion(6);
    const repository = cached({ localEvents: 10, replicaVersion: replica });

    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    expect(events.searches).toBe(2);
    expect(store.ttls).toEqual([]);

    replica.version = 7;
    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    expect(events.searches).toBe(3);
    expect(store.keysRead.at(-1)).toMatch(/^events:search:7:/);
  });

  it('answers from its local level without asking the shared store again', async () => {
    const repository = cached({ localEvents: 10 });
    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    expect(store.keysRead).toHaveLength(1);
    expect(events.searches).toBe(1);
  });

  it("fills its local level from the shared store, as another replica's miss left it", async () => {
    const otherReplica = new CachingEventRepository(events, store, version, { ttlSeconds: 60, retryAfterMs: 0, localEvents: 10 }, new SearchMetrics(new Registry()), logger);
    await otherReplica.search(WHOLE_2021);
    const replica = cached({ localEvents: 10 });
    expect(titles(await replica.search(WHOLE_2021))).toEqual(['Camela en concierto', 'Los Morancos']);
    await replica.search(WHOLE_2021);
    expect(events.searches).toBe(1);
    expect(store.keysRead).toHaveLength(2);
  });

  it('runs one query for many concurrent misses on the same key', async () => {
    const repository = cached();
    const answers = await Promise.all(Array.from({ length: 10 }, () => repository.search(WHOLE_2021)));
    expect(events.searches).toBe(1);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('runs the query again after a failed one, whose error every waiter saw', async () => {
    const repository = cached();
    const failing = jest.spyOn(events, 'search').mockRejectedValueOnce(new Error('database down'));
    const waiters = await Promise.allSettled([1, 2, 3].map(() => repository.search(WHOLE_2021)));
    failing.mockRestore();
    expect(waiters.map((waiter) => waiter.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(titles(await repository.search(WHOLE_2021))).toEqual(['Camela en concierto', 'Los Morancos']);
  });

  it('does not cache at all with a TTL of 0, counting bypasses', async () => {
    const repository = cached({ ttlSeconds: 0, localEvents: 10 });
    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    expect(events.searches).toBe(2);
    expect(store.keysRead).toEqual([]);
    expect(await cacheResults()).toMatchObject({ bypass: 2, hit: 0 });
  });

  it('counts the rows of every search that reached the database', async () => {
    const repository = cached();
    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    const rows = await registry.getSingleMetricAsString('events_search_rows');
    expect(rows).toMatch(/^events_search_rows_count 1$/m);
    expect(rows).toMatch(/^events_search_rows_sum 2$/m);
  });

  it('answers from the database when the store fails, counting errors and logging the outage once', async () => {
    const failing = new FailingCacheStore();
    const repository = cached({}, failing);
    const answers = await Promise.all([repository.search(WHOLE_2021), repository.search(WHOLE_2021_DESCENDING)]);
    await repository.search(WHOLE_2021);
    expect(answers.map((answer) => answer.events.length)).toEqual([2, 2]);
    expect(await cacheResults()).toMatchObject({ error: 3 });
    expect(logger.warnings()).toEqual([expect.stringMatching(/search cache store failed \(connection refused\)/)]);
  });

  it('leaves the store alone for a while after a failure, then tries it again', async () => {
    const failing = new FailingCacheStore();
    let clock = 1_000;
    const repository = cached({ retryAfterMs: 500 }, failing, () => clock);
    await repository.search(WHOLE_2021);
    const attemptsAfterFailure = failing.attempts;
    await repository.search(WHOLE_2021);
    clock += 499;
    await repository.search(WHOLE_2021);
    const attemptsDuringPause = failing.attempts;
    clock += 1;
    await repository.search(WHOLE_2021);
    expect(attemptsAfterFailure).toBe(1);
    expect(attemptsDuringPause).toBe(1);
    expect(failing.attempts).toBe(2);
    expect(events.searches).toBe(4);
  });

  it('says when the store answers again after an outage', async () => {
    let down = true;
    const flaky = new (class extends MemoryCacheStore {
      override async get(key: string): Promise<string | undefined> {
        if (down) throw new Error('timeout');
        return super.get(key);
      }
    })();
    const repository = cached({}, flaky);
    await repository.search(WHOLE_2021);
    down = false;
    await repository.search(WHOLE_2021);
    await repository.search(WHOLE_2021);
    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'log']);
  });
});
