import { CacheStore } from '@shared/cache/cache-store';
import { MemoryCacheStore } from '@shared/cache/memory-cache.store';
import { SearchEventsQuery } from '../../application/search-events/search-events.query';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { Criteria } from '../../domain/criteria/criteria';
import { DataVersion } from '../../domain/data-version';
import { EventSummaryPage } from '../../domain/event-summary';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { CachedSearchResponses, RenderedResponse, SearchCacheOptions } from './cached-search-responses';

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

const WHOLE_2021: SearchEventsQuery = {
  startsAt: '2021-01-01T00:00:00',
  endsAt: '2021-12-31T23:59:59',
  sortBy: 'starts_at',
  sortDir: 'asc',
  page: null,
};

describe('CachedSearchResponses', () => {
  let repository: CountingEventRepository;
  let searchEvents: SearchEventsUseCase;
  let store: RecordingCacheStore;
  let version: SettableDataVersion;
  let logger: RecordingLogger;

  function cache(options: Partial<SearchCacheOptions> = {}, cacheStore: CacheStore = store, now?: () => number): CachedSearchResponses {
    return new CachedSearchResponses(cacheStore, version, { ttlSeconds: 60, retryAfterMs: 0, ...options }, logger, now);
  }

  function render(query: SearchEventsQuery): () => Promise<RenderedResponse> {
    return async () => ({ status: 200, body: JSON.stringify(await searchEvents.execute(query)) });
  }

  function search(responses: CachedSearchResponses, query: SearchEventsQuery = WHOLE_2021) {
    return responses.readThrough({ endpoint: 'search', ...query }, render(query));
  }

  beforeEach(async () => {
    repository = new CountingEventRepository();
    await repository.saveBatch([
      EventMother.online({ title: 'Camela en concierto', startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T21:30:00' }),
      EventMother.online({ title: 'Los Morancos', startsAt: '2021-07-31T20:00:00', endsAt: '2021-07-31T21:00:00' }),
    ]);
    searchEvents = new SearchEventsUseCase(repository);
    store = new RecordingCacheStore();
    version = new SettableDataVersion(7);
    logger = new RecordingLogger();
  });

  it('answers a repeated request from the cache, without a second query', async () => {
    const responses = cache();

    const miss = await search(responses);
    const hit = await search(responses);

    expect(repository.searches).toBe(1);
    expect(hit).toEqual(miss);
    expect(JSON.parse(hit.body).events.map((e: { title: string }) => e.title)).toEqual(['Camela en concierto', 'Los Morancos']);
  });

  it('keeps the status, body and a strong ETag of the body', async () => {
    const responses = cache();
    const miss = await search(responses);

    const hit = await search(responses);

    expect(hit.status).toBe(200);
    expect(hit.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(hit.etag).toBe(miss.etag);
  });

  it('caches an error answer like any other, with its status', async () => {
    const responses = cache();
    const notFound = async () => ({ status: 404, body: '{"error":{"code":"NO_EVENTS_FOUND","message":"none"},"data":null}' });

    await responses.readThrough({ endpoint: 'events', page: 1 }, notFound);
    const hit = await responses.readThrough({ endpoint: 'events', page: 1 }, () => Promise.reject(new Error('not a miss')));

    expect(hit).toMatchObject({ status: 404, body: '{"error":{"code":"NO_EVENTS_FOUND","message":"none"},"data":null}' });
  });

  it('keys by data version, prefix and a digest of the request, and stores for the TTL', async () => {
    await search(cache({ ttlSeconds: 45 }));

    expect(store.keysRead).toEqual([expect.stringMatching(/^events:search:7:[0-9a-f]{64}$/)]);
    expect(store.ttls).toEqual([45]);
  });

  it('shares one entry between equal requests and keeps different ones apart', async () => {
    const responses = cache();

    await search(responses, { ...WHOLE_2021 });
    await search(responses, { ...WHOLE_2021 });
    await search(responses, { ...WHOLE_2021, sortDir: 'desc' });
    await responses.readThrough({ endpoint: 'events', ...WHOLE_2021 }, render(WHOLE_2021));

    expect(repository.searches).toBe(3);
  });

  it('stops serving an entry once the data version moves on', async () => {
    const responses = cache();
    await search(responses);
    await repository.saveBatch([EventMother.online({ title: 'Pantomima Full', startsAt: '2021-02-10T20:00:00', endsAt: '2021-02-10T21:30:00' })]);
    version.version = 8;

    const fresh = await search(responses);

    expect(repository.searches).toBe(2);
    expect(JSON.parse(fresh.body).events.map((e: { title: string }) => e.title)).toEqual([
      'Pantomima Full',
      'Camela en concierto',
      'Los Morancos',
    ]);
  });

  it('runs one query for many concurrent misses on the same key', async () => {
    const responses = cache();

    const answers = await Promise.all(Array.from({ length: 10 }, () => search(responses)));

    expect(repository.searches).toBe(1);
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
  });

  it('runs the query again after a failed one, whose error every waiter saw', async () => {
    const responses = cache();
    const failing = () => Promise.reject(new Error('database down'));

    const waiters = await Promise.allSettled([1, 2, 3].map(() => responses.readThrough({ endpoint: 'search' }, failing)));
    const retried = await responses.readThrough({ endpoint: 'search' }, async () => ({ status: 200, body: '{}' }));

    expect(waiters.map((waiter) => waiter.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(retried.body).toBe('{}');
  });

  it('does not cache at all with a TTL of 0, but still tags the body', async () => {
    const responses = cache({ ttlSeconds: 0 });

    await search(responses);
    const second = await search(responses);

    expect(repository.searches).toBe(2);
    expect(store.keysRead).toEqual([]);
    expect(second.etag).toMatch(/^".+"$/);
  });

  it('answers from the database when the store fails, counting each failure and logging the outage once', async () => {
    const failing = new FailingCacheStore();
    const responses = cache({}, failing);

    const answers = await Promise.all([search(responses), search(responses, { ...WHOLE_2021, sortDir: 'desc' })]);
    await search(responses);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(JSON.parse(answers[0].body).events).toHaveLength(2);
    expect(responses.storeFailures).toBe(failing.attempts);
    expect(failing.attempts).toBeGreaterThanOrEqual(3);
    expect(logger.warnings()).toEqual([expect.stringMatching(/search cache store failed \(connection refused\)/)]);
  });

  it('leaves the store alone for a while after a failure, then tries it again', async () => {
    const failing = new FailingCacheStore();
    let clock = 1_000;
    const responses = cache({ retryAfterMs: 500 }, failing, () => clock);

    await search(responses);
    const attemptsAfterFailure = failing.attempts;
    await search(responses);
    clock += 499;
    await search(responses);
    const attemptsDuringPause = failing.attempts;
    clock += 1;
    await search(responses);

    expect(attemptsAfterFailure).toBe(1);
    expect(attemptsDuringPause).toBe(1);
    expect(failing.attempts).toBe(2);
    expect(repository.searches).toBe(4);
  });

  it('says when the store answers again after an outage', async () => {
    let down = true;
    const flaky = new (class extends MemoryCacheStore {
      override async get(key: string): Promise<string | undefined> {
        if (down) throw new Error('timeout');
        return super.get(key);
      }
    })();
    const responses = cache({}, flaky);

    await search(responses);
    down = false;
    await search(responses);
    await search(responses);

    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'log']);
    expect(responses.storeFailures).toBe(1);
  });
});
