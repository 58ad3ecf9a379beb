import { SortDirection, SortField } from '../../domain/criteria/criteria';
import { InvalidDateTime } from '../../domain/errors/invalid-date-time.error';
import { TooManyEvents } from '../../domain/errors/too-many-events.error';
import { TicketedEvent } from '../../domain/ticketed-event.aggregate';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { SearchEventsQuery } from './search-events.query';
import { SearchEventsUseCase } from './search-events.use-case';

function query(overrides: Partial<SearchEventsQuery> = {}): SearchEventsQuery {
  return { startsAt: null, endsAt: null, sortBy: 'starts_at', sortDir: 'asc', page: null, ...overrides };
}

function byId(a: TicketedEvent, b: TicketedEvent): number {
  return a.id < b.id ? -1 : 1;
}

/** Events with equal sort values, in the order ties are broken (by id, in the sort's direction). */
function tied(direction: SortDirection, ...events: TicketedEvent[]): TicketedEvent[] {
  const ascending = [...events].sort(byId);
  return direction === 'asc' ? ascending : ascending.reverse();
}

describe('SearchEventsUseCase', () => {
  let repository: InMemoryEventRepository;
  let useCase: SearchEventsUseCase;

  beforeEach(() => {
    repository = new InMemoryEventRepository();
    useCase = new SearchEventsUseCase(repository);
  });

  async function ids(q: SearchEventsQuery): Promise<string[]> {
    return (await useCase.execute(q)).events.map((event) => event.id);
  }

  describe('the window', () => {
    const inside = EventMother.online({ title: 'inside', startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T22:00:00' });
    const exact = EventMother.online({ title: 'exact', startsAt: '2021-06-01T00:00:00', endsAt: '2021-07-01T00:00:00' });
    const startsEarly = EventMother.online({ title: 'starts early', startsAt: '2021-05-31T23:59:59', endsAt: '2021-06-10T00:00:00' });
    const endsLate = EventMother.online({ title: 'ends late', startsAt: '2021-06-20T00:00:00', endsAt: '2021-07-01T00:00:01' });
    const straddles = EventMother.online({ title: 'straddles', startsAt: '2021-05-01T00:00:00', endsAt: '2021-08-01T00:00:00' });
    const before = EventMother.online({ title: 'before', startsAt: '2021-01-01T00:00:00', endsAt: '2021-01-01T01:00:00' });
    const after = EventMother.online({ title: 'after', startsAt: '2022-01-01T00:00:00', endsAt: '2022-01-01T01:00:00' });
    const all = [inside, exact, startsEarly, endsLate, straddles, before, after];

    beforeEach(async () => {
      await repository.saveBatch(all);
    });

    it('returns only events wholly inside it, boundaries included', async () => {
      const found = await ids(query({ startsAt: '2021-06-01T00:00:00', endsAt: '2021-07-01T00:00:00' }));
      expect(found).toEqual([exact.id, inside.id]);
    });

    it('reads bounds written without seconds or with a space', async () => {
      const found = await ids(query({ startsAt: '2021-06-01 00:00', endsAt: '2021-07-01T00:00' }));
      expect(found).toEqual([exact.id, inside.id]);
    });

    it('is open-ended without a start', async () => {
      const found = await ids(query({ endsAt: '2021-06-30T22:00:00' }));
      expect(found).toEqual([before.id, startsEarly.id, inside.id]);
    });

    it('is open-ended without an end', async () => {
      const found = await ids(query({ startsAt: '2021-06-20T00:00:00' }));
      expect(found).toEqual([endsLate.id, inside.id, after.id]);
    });

    it('returns everything without bounds', async () => {
      const page = await useCase.execute(query());
      expect(page.total).toBe(all.length);
      expect(new Set(page.events.map((event) => event.id))).toEqual(new Set(all.map((event) => event.id)));
    });

    it('may be a single instant', async () => {
      const point = EventMother.online({ startsAt: '2023-03-03T10:00:00', endsAt: '2023-03-03T10:00:00' });
      await repository.saveBatch([point]);
      expect(await ids(query({ startsAt: '2023-03-03T10:00:00', endsAt: '2023-03-03T10:00:00' }))).toEqual([point.id]);
    });

    it('finds nothing in a window whose rounded bounds crossed (one within a second), rather than refusing it', async () => {
      const atTheSecond = EventMother.online({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T21:00:00' });
      const nextSecond = EventMother.online({ startsAt: '2021-06-30T21:00:01', endsAt: '2021-06-30T21:00:01' });
      await repository.saveBatch([atTheSecond, nextSecond]);
      // 21:00:00.2 to 21:00:00.8, rounded inward.
      const crossed = { startsAt: '2021-06-30T21:00:01', endsAt: '2021-06-30T21:00:00' };

      await expect(useCase.execute(query(crossed))).resolves.toEqual({ events: [], total: 0 });
      await expect(useCase.listing(query(crossed))).resolves.toMatchObject({ count: 0 });
    });

    it.each([
      ['garbage', null],
      [null, '2021-09-31T00:00:00'],
      ['2021-06-30T24:00:00', null],
    ])('rejects an impossible bound (%p, %p)', async (startsAt, endsAt) => {
      await expect(useCase.execute(query({ startsAt, endsAt }))).rejects.toThrow(InvalidDateTime);
    });
  });

  describe('what can be found', () => {
    it('never returns an event that was never on sale online', async () => {
      const online = EventMother.online();
      await repository.saveBatch([online, EventMother.offline()]);
      expect(await ids(query())).toEqual([online.id]);
    });

    it('keeps returning an event that went offline after being online', async () => {
      const identity = { baseEventId: '322', eventId: '1642' };
      await repository.saveBatch([EventMother.online(identity)]);
      await repository.saveBatch([EventMother.offline(identity)]);
      const page = await useCase.execute(query());
      expect(page.total).toBe(1);
      expect(page.events[0].id).toBe(EventMother.online(identity).id);
    });

    it('returns an event once an offline event goes online', async () => {
      const identity = { baseEventId: '555', eventId: '1' };
      await repository.saveBatch([EventMother.offline(identity)]);
      expect((await useCase.execute(query())).total).toBe(0);
      await repository.saveBatch([EventMother.online(identity)]);
      expect((await useCase.execute(query())).total).toBe(1);
    });

    it('summarizes each event with its exact prices', async () => {
      const event = EventMother.online({
        title: 'Los Morancos',
        startsAt: '2021-07-31T20:00:00',
        endsAt: '2021-07-31T21:00:00',
        zones: [EventMother.zone({ zoneId: '186', price: '75.00' }), EventMother.zone({ zoneId: '186', price: '65.00' })],
      });
      const free = EventMother.online({ title: 'No zones', startsAt: '2021-08-01T20:00:00', zones: [], endsAt: '2021-08-01T21:00:00' });
      await repository.saveBatch([event, free]);
      expect((await useCase.execute(query())).events).toEqual([
        { id: event.id, title: 'Los Morancos', startsAt: '2021-07-31T20:00:00', endsAt: '2021-07-31T21:00:00', minPrice: '65.00', maxPrice: '75.00' },
        { id: free.id, title: 'No zones', startsAt: '2021-08-01T20:00:00', endsAt: '2021-08-01T21:00:00', minPrice: null, maxPrice: null },
      ]);
    });
  });

  describe('a bound on unpaged answers', () => {
    const threeEvents = () => [1, 2, 3].map((day) => EventMother.online({ startsAt: `2021-03-0${day}T10:00:00`, endsAt: `2021-03-0${day}T11:00:00` }));

    beforeEach(async () => {
      await repository.saveBatch(threeEvents());
    });

    it('returns a window holding exactly the most events allowed', async () => {
      const bounded = new SearchEventsUseCase(repository, { maxEvents: 3 });
      expect((await bounded.execute(query())).events).toHaveLength(3);
    });

    it('refuses a window holding more, saying how to narrow it', async () => {
      const bounded = new SearchEventsUseCase(repository, { maxEvents: 2 });
      await expect(bounded.execute(query())).rejects.toThrow(TooManyEvents);
      await expect(bounded.execute(query())).rejects.toThrow(/more than 2 events.*GET \/events/);
    });

    it('lists a window holding exactly the most events allowed, and refuses one holding more', async () => {
      const listing = await new SearchEventsUseCase(repository, { maxEvents: 3 }).listing(query());
      expect(listing.count).toBe(3);
      expect(JSON.parse(listing.json)).toHaveLength(3);
      await expect(new SearchEventsUseCase(repository, { maxEvents: 2 }).listing(query())).rejects.toThrow(TooManyEvents);
    });

    it('hands on the very listing the repository gave, so a kept one is rendered once', async () => {
      const kept = { count: 1, json: '[]' };
      class KeptListing extends InMemoryEventRepository {
        override async listing() {
          return kept;
        }
      }
      await expect(new SearchEventsUseCase(new KeptListing(), { maxEvents: 3 }).listing(query())).resolves.toBe(kept);
    });

    it('does not bound pages, which are bounded by their size', async () => {
      const bounded = new SearchEventsUseCase(repository, { maxEvents: 1 });
      const page = await bounded.execute(query({ page: { number: 1, size: 3 } }));
      expect(page.events).toHaveLength(3);
    });
  });

  describe('order and pages', () => {
    const prices = (...values: string[]) => values.map((price, i) => EventMother.zone({ zoneId: String(i), price }));
    const bravo = EventMother.online({ title: 'Bravo', startsAt: '2021-01-10T10:00:00', endsAt: '2021-01-10T12:00:00', zones: prices('10.00', '50.00') });
    const alpha = EventMother.online({ title: 'Alpha', startsAt: '2021-01-05T10:00:00', endsAt: '2021-01-20T12:00:00', zones: prices('30.00') });
    const charlie = EventMother.online({ title: 'Charlie', startsAt: '2021-01-10T10:00:00', endsAt: '2021-01-15T12:00:00', zones: prices('20.00', '10.00') });
    const alphaToo = EventMother.online({ title: 'Alpha', startsAt: '2021-01-01T10:00:00', endsAt: '2021-01-10T12:00:00', zones: [] });
    const delta = EventMother.online({ title: 'Delta', startsAt: '2021-01-20T10:00:00', endsAt: '2021-01-25T12:00:00', zones: prices('50.00', '5.00') });
    const echo = EventMother.online({ title: 'Echo', startsAt: '2021-01-30T10:00:00', endsAt: '2021-01-31T12:00:00', zones: [] });
    const all = [bravo, alpha, charlie, alphaToo, delta, echo];

    beforeEach(async () => {
      await repository.saveBatch(all);
    });

    const expected: Record<SortField, Record<SortDirection, () => TicketedEvent[]>> = {
      starts_at: {
        asc: () => [alphaToo, alpha, ...tied('asc', bravo, charlie), delta, echo],
        desc: () => [echo, delta, ...tied('desc', bravo, charlie), alpha, alphaToo],
      },
      ends_at: {
        asc: () => [...tied('asc', alphaToo, bravo), charlie, alpha, delta, echo],
        desc: () => [echo, delta, alpha, charlie, ...tied('desc', alphaToo, bravo)],
      },
      title: {
        asc: () => [...tied('asc', alpha, alphaToo), bravo, charlie, delta, echo],
        desc: () => [echo, delta, charlie, bravo, ...tied('desc', alpha, alphaToo)],
      },
      // Events without zones have no price and come last whichever the direction.
      min_price: {
        asc: () => [delta, ...tied('asc', bravo, charlie), alpha, ...tied('asc', alphaToo, echo)],
        desc: () => [alpha, ...tied('desc', bravo, charlie), delta, ...tied('desc', alphaToo, echo)],
      },
      max_price: {
        asc: () => [charlie, alpha, ...tied('asc', bravo, delta), ...tied('asc', alphaToo, echo)],
        desc: () => [...tied('desc', bravo, delta), alpha, charlie, ...tied('desc', alphaToo, echo)],
      },
    };

    describe.each(Object.keys(expected) as SortField[])('by %s', (sortBy) => {
      it.each(['asc', 'desc'] as SortDirection[])('%s, ties broken by id', async (sortDir) => {
        const titles = (events: TicketedEvent[]) => events.map((event) => `${event.title} ${event.id}`);
        const found = await ids(query({ sortBy, sortDir }));
        const want = expected[sortBy][sortDir]();
        expect(titles(found.map((id) => all.find((event) => event.id === id) as TicketedEvent))).toEqual(titles(want));
      });
    });

    it('gives the same order on every call', async () => {
      const first = await ids(query({ sortBy: 'min_price', sortDir: 'desc' }));
      expect(await ids(query({ sortBy: 'min_price', sortDir: 'desc' }))).toEqual(first);
    });

    it('pages through the whole result without overlap, with the total on every page', async () => {
      const pages = await Promise.all(
        [1, 2, 3].map((number) => useCase.execute(query({ sortBy: 'starts_at', page: { number, size: 3 } }))),
      );
      expect(pages.map((page) => page.total)).toEqual([6, 6, 6]);
      expect(pages.map((page) => page.events.length)).toEqual([3, 3, 0]);
      // Bravo and Charlie tie on the start and straddle the page boundary.
      expect(pages.flatMap((page) => page.events.map((event) => event.id))).toEqual(
        expected.starts_at.asc().map((event) => event.id),
      );
    });

    it('returns a short last page', async () => {
      const page = await useCase.execute(query({ sortBy: 'title', sortDir: 'desc', page: { number: 2, size: 4 } }));
      expect(page.total).toBe(6);
      expect(page.events.map((event) => event.id)).toEqual(expected.title.desc().slice(4).map((event) => event.id));
    });

    it('counts every match, not just the page', async () => {
      const page = await useCase.execute(
        query({ startsAt: '2021-01-05T00:00:00', endsAt: '2021-01-25T23:59:59', page: { number: 1, size: 2 } }),
      );
      expect(page.total).toBe(4);
      expect(page.events.map((event) => event.id)).toEqual([alpha.id, ...tied('asc', bravo, charlie).map((e) => e.id)].slice(0, 2));
    });
  });
});
