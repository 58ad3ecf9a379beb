import { DataSource } from 'typeorm';
import { Criteria, Filter, SORT_FIELDS, SortDirection, SortField, SortPosition } from '@contexts/events/domain/criteria/criteria';
import { MAX_TITLE_LENGTH, TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EventSummary, EventSummaryPage, listingOf, sortValueOf } from '@contexts/events/domain/event-summary';
import { EventMother } from '@contexts/events/testing/event.mother';
import { withMigratedEventsDatabase } from '@contexts/events/testing/events-data-source';
import { rowVersions, storedEvent } from '@contexts/events/testing/stored-events';
import { TEST_DATABASE_TIMEOUT_MS, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { ListingJson1796040000000 } from './migrations/1796040000000-listing-json';
import { TypeOrmEventRepository } from './typeorm-event.repository';

const FIRST_SIGHTING = new Date('2026-03-01T10:00:00Z');
const MINUTES_LATER = new Date('2026-03-01T10:20:00Z');
const HOURS_LATER = new Date('2026-03-01T13:00:00Z');

const SEARCHABLE: Filter = { field: 'ever_online', operator: 'eq', value: true };

function everything(by: SortField = 'starts_at', direction: SortDirection = 'asc'): Criteria {
  return new Criteria([SEARCHABLE], { by, direction }, null);
}

function window(startsAt: string, endsAt: string): Criteria {
  return new Criteria(
    [SEARCHABLE, { field: 'starts_at', operator: 'gte', value: startsAt }, { field: 'ends_at', operator: 'lte', value: endsAt }],
    { by: 'starts_at', direction: 'asc' },
    null,
  );
}

/** The same event (same identity), as a later feed shows it. */
function resighted(event: TicketedEvent, seenAt: Date, changes: Partial<Parameters<typeof TicketedEvent.create>[0]> = {}): TicketedEvent {
  const { provider, baseEventId, eventId, title, startsAt, endsAt, sellFrom, sellTo, soldOut, sellMode, zones } = event.toPrimitives();
  return TicketedEvent.create(
    { provider, baseEventId, eventId, title, startsAt, endsAt, sellFrom, sellTo, soldOut, sellMode, zones, ...changes },
    seenAt,
  );
}

describe('TypeOrmEventRepository', () => {
  const context = withMigratedEventsDatabase(createPostgresTestDatabase);
  let dataSource: DataSource;
  let repository: TypeOrmEventRepository;

  beforeAll(() => {
    dataSource = context.dataSource;
    repository = new TypeOrmEventRepository(dataSource.manager);
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE events');
  });

  async function ids(criteria: Criteria): Promise<string[]> {
    return (await repository.search(criteria)).events.map((event) => event.id);
  }

  describe('saving', () => {
    it('inserts new events and says so', async () => {
      const events = [EventMother.online({}, FIRST_SIGHTING), EventMother.offline({}, FIRST_SIGHTING)];

      await expect(repository.saveBatch(events)).resolves.toEqual({ inserted: 2, changed: 0, unchanged: 0 });

      expect(await storedEvent(dataSource.manager, events[0].id)).toEqual(events[0]);
      expect(await storedEvent(dataSource.manager, events[1].id)).toEqual(events[1]);
    });

    it('stores text exactly, whatever characters it holds', async () => {
      const awkward = 'Tab\there, line\nbreak, return\r, back\\slash \\N, "quotes", Ópera ñ €';
      const event = EventMother.online(
        {
          provider: 'acme\tfeeds',
          baseEventId: 'base\\1',
          eventId: 'event\n2',
          title: awkward,
          zones: [EventMother.zone({ zoneId: 'z\t1', name: awkward })],
        },
        FIRST_SIGHTING,
      );

      await repository.saveBatch([event]);

      expect(await storedEvent(dataSource.manager, event.id)).toEqual(event);
    });

    it('is idempotent: the same batch again changes nothing and rewrites no row', async () => {
      const events = [EventMother.online({}, FIRST_SIGHTING), EventMother.offline({}, FIRST_SIGHTING)];
      await repository.saveBatch(events);
      const before = await rowVersions(dataSource.manager);

      await expect(repository.saveBatch(events)).resolves.toEqual({ inserted: 0, changed: 0, unchanged: 2 });

      expect(await rowVersions(dataSource.manager)).toEqual(before);
    });

    it('does not rewrite an unchanged event seen again within the hour', async () => {
      const event = EventMother.online({}, FIRST_SIGHTING);
      await repository.saveBatch([event]);
      const before = await rowVersions(dataSource.manager);

      await expect(repository.saveBatch([resighted(event, MINUTES_LATER)])).resolves.toEqual({
        inserted: 0,
        changed: 0,
        unchanged: 1,
      });

      expect(await rowVersions(dataSource.manager)).toEqual(before);
      expect((await storedEvent(dataSource.manager, event.id))?.lastSeenAt).toEqual(FIRST_SIGHTING);
    });

    it('refreshes last seen of an unchanged event once the hour has passed, still counting it unchanged', async () => {
      const event = EventMother.online({}, FIRST_SIGHTING);
      await repository.saveBatch([event]);
      const before = await rowVersions(dataSource.manager);

      await expect(repository.saveBatch([resighted(event, HOURS_LATER)])).resolves.toEqual({
        inserted: 0,
        changed: 0,
        unchanged: 1,
      });

      expect(await rowVersions(dataSource.manager)).not.toEqual(before);
      const stored = await storedEvent(dataSource.manager, event.id);
      expect(stored?.lastSeenAt).toEqual(HOURS_LATER);
      expect(stored?.firstSeenAt).toEqual(FIRST_SIGHTING);
    });

    it('rewrites a changed event with its latest values, keeping when it was first seen', async () => {
      const event = EventMother.online({ title: 'Old title' }, FIRST_SIGHTING);
      await repository.saveBatch([event]);
      const changed = resighted(event, MINUTES_LATER, { title: 'New title', zones: [EventMother.zone({ price: '35.50' })] });

      await expect(repository.saveBatch([changed])).resolves.toEqual({ inserted: 0, changed: 1, unchanged: 0 });

      const stored = await storedEvent(dataSource.manager, event.id);
      expect(stored?.title).toBe('New title');
      expect(stored?.minPrice?.toDecimalString()).toBe('35.50');
      expect(stored?.firstSeenAt).toEqual(FIRST_SIGHTING);
      expect(stored?.lastSeenAt).toEqual(MINUTES_LATER);
    });

    it('counts each event of a mixed batch once', async () => {
      const unchanged = EventMother.online({}, FIRST_SIGHTING);
      const changing = EventMother.online({ soldOut: false }, FIRST_SIGHTING);
      await repository.saveBatch([unchanged, changing]);

      const batch = [
        resighted(unchanged, MINUTES_LATER),
        resighted(changing, MINUTES_LATER, { soldOut: true }),
        EventMother.online({}, MINUTES_LATER),
        EventMother.offline({}, MINUTES_LATER),
      ];

      await expect(repository.saveBatch(batch)).resolves.toEqual({ inserted: 2, changed: 1, unchanged: 1 });
    });

    it('stores every row of a batch sent in many pieces exactly: multi-byte text, and an event larger than a piece', async () => {
      const wide = '€ñ😀 '.repeat(40).trim();
      const events = Array.from({ length: 400 }, (_, i) =>
        EventMother.online({ title: `${i} ${wide}`.slice(0, 250), zones: [EventMother.zone({ name: wide })] }, FIRST_SIGHTING),
      );
      const manyZones = Array.from({ length: 600 }, (_, i) => EventMother.zone({ zoneId: `${i}`, name: `${wide} ${i}` }));
      events.splice(200, 0, EventMother.online({ title: wide, zones: manyZones }, FIRST_SIGHTING));

      await expect(repository.saveBatch(events)).resolves.toEqual({ inserted: 401, changed: 0, unchanged: 0 });

      for (const event of [events[0], events[199], events[200], events[201], events[400]]) {
        expect(await storedEvent(dataSource.manager, event.id)).toEqual(event);
      }
      const [{ count }] = await dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM events WHERE title LIKE $1', [`%${wide}`]);
      expect(count).toBe(401);
    });

    it('saves nothing, and says so, for an empty batch', async () => {
      await expect(repository.saveBatch([])).resolves.toEqual({ inserted: 0, changed: 0, unchanged: 0 });
    });

    it('stores a batch of 10,000 events with 5 zones each', async () => {
      const zones = ['10.00', '15.50', '20.00', '35.00', '99.99'].map((price, i) => EventMother.zone({ zoneId: `${i}`, price }));
      const events = Array.from({ length: 10_000 }, () => EventMother.online({ zones }, FIRST_SIGHTING));

      await expect(repository.saveBatch(events)).resolves.toEqual({ inserted: 10_000, changed: 0, unchanged: 0 });
      await expect(repository.saveBatch(events)).resolves.toEqual({ inserted: 0, changed: 0, unchanged: 10_000 });

      const page = await repository.search(new Criteria([SEARCHABLE], { by: 'starts_at', direction: 'asc' }, { number: 1, size: 1 }));
      expect(page.total).toBe(10_000);
      expect(page.events[0]).toMatchObject({ minPrice: '10.00', maxPrice: '99.99' });
    }, TEST_DATABASE_TIMEOUT_MS);
  });

  describe('history', () => {
    it('keeps an event that was online once searchable after it is seen offline', async () => {
      const online = EventMother.online({}, FIRST_SIGHTING);
      await repository.saveBatch([online]);

      await expect(repository.saveBatch([resighted(online, MINUTES_LATER, { sellMode: 'offline' })])).resolves.toEqual({
        inserted: 0,
        changed: 1,
        unchanged: 0,
      });

      const stored = await storedEvent(dataSource.manager, online.id);
      expect(stored).toMatchObject({ sellMode: 'offline', everOnline: true, firstOnlineAt: FIRST_SIGHTING });
      expect(await ids(everything())).toEqual([online.id]);
    });

    it('makes an event first seen offline searchable once it goes online, keeping its first sighting', async () => {
      const offline = EventMother.offline({}, FIRST_SIGHTING);
      await repository.saveBatch([offline]);
      expect(await ids(everything())).toEqual([]);

      await repository.saveBatch([resighted(offline, MINUTES_LATER, { sellMode: 'online' })]);

      const stored = await storedEvent(dataSource.manager, offline.id);
      expect(stored).toMatchObject({ everOnline: true, firstOnlineAt: MINUTES_LATER, firstSeenAt: FIRST_SIGHTING });
      expect(await ids(everything())).toEqual([offline.id]);
    });

    it('merges the same event twice in one batch: the last sighting wins, history carries over, both count', async () => {
      const offline = EventMother.offline({ title: 'First' }, FIRST_SIGHTING);
      const batch = [resighted(offline, FIRST_SIGHTING, { sellMode: 'online' }), resighted(offline, MINUTES_LATER, { title: 'Last' })];

      await expect(repository.saveBatch(batch)).resolves.toEqual({ inserted: 1, changed: 1, unchanged: 0 });

      const stored = await storedEvent(dataSource.manager, offline.id);
      expect(stored).toMatchObject({ title: 'Last', sellMode: 'offline', everOnline: true, firstOnlineAt: FIRST_SIGHTING });
      expect(stored?.lastSeenAt).toEqual(MINUTES_LATER);
    });

    it('records that a stored offline event went online in between, even when its values end up the same', async () => {
      const offline = EventMother.offline({}, FIRST_SIGHTING);
      await repository.saveBatch([offline]);
      const batch = [resighted(offline, MINUTES_LATER, { sellMode: 'online' }), resighted(offline, MINUTES_LATER)];

      await expect(repository.saveBatch(batch)).resolves.toEqual({ inserted: 0, changed: 2, unchanged: 0 });

      expect(await ids(everything())).toEqual([offline.id]);
    });

    it('counts a sighting repeated unchanged in one batch as unchanged, so the counts add up to the sightings', async () => {
      const event = EventMother.online({}, FIRST_SIGHTING);

      await expect(repository.saveBatch([event, resighted(event, MINUTES_LATER), resighted(event, MINUTES_LATER)])).resolves.toEqual({
        inserted: 1,
        changed: 0,
        unchanged: 2,
      });
    });
  });

  describe('listing', () => {
    /** Titles and prices easy to get subtly wrong: escapes, non-ASCII, cents, big and tiny prices. */
    const TRICKY = [
      { title: 'Quotes " and \\ backslash', prices: ['0.01', '0.10'] },
      { title: 'Control \u0001\u001f\b\f\n\r\t and DEL \u007f', prices: ['9.99', '1234.50'] },
      { title: 'Ñandú café — 音楽 🎸 \u2028 </script>', prices: ['0', '9999999999.99'] },
      { title: 'Plain', prices: ['15', '30.5'] },
      { title: 'No zones', prices: [] },
    ];

    function saveTricky(): Promise<unknown> {
      return repository.saveBatch(
        TRICKY.map(({ title, prices }, i) =>
          EventMother.online({
            title,
            startsAt: `${i === 0 ? '0001' : 2021}-06-${10 + i}T21:00:0${i}`,
            endsAt: `2021-06-${10 + i}T23:59:59`,
            zones: prices.map((price, zone) => EventMother.zone({ zoneId: String(zone), price })),
          }),
        ),
      );
    }

    it('lists the events of the search, with the same values in the same order', async () => {
      await saveTricky();

      const listing = await repository.listing(everything());

      expect(listing).toEqual(listingOf((await repository.search(everything())).events));
      expect(listing.count).toBe(TRICKY.length);
    });

    it('stores and lists events whose titles take the most room an index row allows', async () => {
      // Incompressible and the widest there are: distinct four-byte characters, distinct three-byte
      // ones, and control characters (six bytes each in JSON).
      const titles = [
        Array.from({ length: MAX_TITLE_LENGTH }, (_, i) => String.fromCodePoint(0x1f300 + ((i * 7919) % 700))).join(''),
        Array.from({ length: MAX_TITLE_LENGTH }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(''),
        Array.from({ length: MAX_TITLE_LENGTH }, (_, i) => String.fromCharCode(1 + (i % 31))).join(''),
      ];
      await repository.saveBatch(titles.map((title) => EventMother.online({ title, zones: [EventMother.zone({ price: '9999999999.99' })] })));

      const listing = await repository.listing(everything());

      expect((JSON.parse(listing.json ?? 'null') as { title: string }[]).map((entry) => entry.title).sort()).toEqual([...titles].sort());
    });

    it('renders an older row in the migration exactly as the sync renders a new one', async () => {
      await saveTricky();
      const written = await dataSource.query<{ id: string; listing_json: string }[]>('SELECT id, listing_json FROM events ORDER BY id');
      const queryRunner = dataSource.createQueryRunner();
      const migration = new ListingJson1796040000000();
      try {
        await migration.down(queryRunner);
        await migration.up(queryRunner);
      } finally {
        await queryRunner.release();
      }

      await expect(dataSource.query('SELECT id, listing_json FROM events ORDER BY id')).resolves.toEqual(written);
      expect(written).toHaveLength(TRICKY.length);
    });

    it('follows the order of the search', async () => {
      // Stored in another order than any sort's, and enough of them for the planner to have choices.
      const titles = Array.from({ length: 300 }, (_, i) => `title ${String((i * 7919) % 300).padStart(3, '0')}`);
      await repository.saveBatch(titles.map((title) => EventMother.online({ title })));
      const byTitle = new Criteria([SEARCHABLE], { by: 'title', direction: 'desc' }, null, 301);

      const listing = await repository.listing(byTitle);

      expect(listing.count).toBe(300);
      expect((JSON.parse(listing.json ?? 'null') as { title: string }[]).map((entry) => entry.title)).toEqual([...titles].sort().reverse());
    });

    it('counts a window that reaches the limit without rendering it', async () => {
      await repository.saveBatch(['b', 'c', 'a'].map((title) => EventMother.online({ title })));

      await expect(repository.listing(new Criteria([SEARCHABLE], { by: 'starts_at', direction: 'asc' }, null, 2))).resolves.toEqual({ count: 2, json: null });
    });

    it('is an empty array when nothing matches', async () => {
      await expect(repository.listing(everything())).resolves.toEqual({ count: 0, json: '[]' });
    });
  });

  describe('searching', () => {
    it('never returns an event that was only ever offline', async () => {
      const online = EventMother.online();
      await repository.saveBatch([online, EventMother.offline()]);

      const page = await repository.search(everything());

      expect(page).toEqual({ events: [expect.objectContaining({ id: online.id })], total: 1 });
    });

    it('returns the summary with wall-clock dates and exact prices as text', async () => {
      const event = EventMother.online({
        title: 'Concert',
        startsAt: '2021-06-30T21:00:00',
        endsAt: '2021-06-30T22:30:15',
        zones: [EventMother.zone({ price: '15' }), EventMother.zone({ zoneId: '2', price: '30.5' })],
      });
      await repository.saveBatch([event]);

      const { events } = await repository.search(everything());

      expect(events).toEqual<EventSummary[]>([
        { id: event.id, title: 'Concert', startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T22:30:15', minPrice: '15.00', maxPrice: '30.50' },
      ]);
    });

    it('returns no prices for an event without zones', async () => {
      await repository.saveBatch([EventMother.online({ zones: [] })]);

      const { events } = await repository.search(everything());

      expect(events[0]).toMatchObject({ minPrice: null, maxPrice: null });
    });

    describe('in a window', () => {
      const event = EventMother.online({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T22:00:00' });

      beforeEach(async () => {
        await repository.saveBatch([event]);
      });

      it('includes an event that starts and ends exactly at the bounds', async () => {
        expect(await ids(window('2021-06-30T21:00:00', '2021-06-30T22:00:00'))).toEqual([event.id]);
      });

      it('excludes an event that starts one second before the window', async () => {
        expect(await ids(window('2021-06-30T21:00:01', '2021-06-30T23:00:00'))).toEqual([]);
      });

      it('excludes an event that ends one second after the window', async () => {
        expect(await ids(window('2021-06-30T20:00:00', '2021-06-30T21:59:59'))).toEqual([]);
      });
    });

    describe('sorted', () => {
      // Three of each sort value, so ties must be broken by id; two events without prices.
      const events = [1, 2, 3].flatMap((n) =>
        [1, 2, 3].map(() =>
          EventMother.online({
            title: `Title ${n}`,
            startsAt: `2021-0${n}-01T10:00:00`,
            endsAt: `2021-${13 - n}-01T12:00:00`,
            zones: [EventMother.zone({ price: `${n}0.00` }), EventMother.zone({ zoneId: '2', price: `${n}5.00` })],
          }),
        ),
      );
      const unpriced = [EventMother.online({ zones: [] }), EventMother.online({ zones: [] })];
      const all = [...events, ...unpriced];

      const valueOf: Record<SortField, (event: TicketedEvent) => string | number | null> = {
        starts_at: (event) => event.schedule.start.value,
        ends_at: (event) => event.schedule.end.value,
        title: (event) => event.title,
        min_price: (event) => event.minPrice?.cents ?? null,
        max_price: (event) => event.maxPrice?.cents ?? null,
      };

      function expectedOrder(by: SortField, direction: SortDirection): string[] {
        const sign = direction === 'asc' ? 1 : -1;
        const compare = (a: string | number, b: string | number) => (a === b ? 0 : a < b ? -sign : sign);
        return [...all]
          .sort((a, b) => {
            const [x, y] = [valueOf[by](a), valueOf[by](b)];
            if (x === null || y === null) return x === y ? compare(a.id, b.id) : x === null ? 1 : -1;
            return compare(x, y) || compare(a.id, b.id);
          })
          .map((event) => event.id);
      }

      beforeEach(async () => {
        await repository.saveBatch(all);
      });

      const orders = SORT_FIELDS.flatMap((by) => (['asc', 'desc'] as const).map((direction) => ({ by, direction })));

      it.each(orders)('by $by $direction, ties broken by id, prices missing last', async ({ by, direction }) => {
        expect(await ids(everything(by, direction))).toEqual(expectedOrder(by, direction));
      });

      it.each(orders)('by $by $direction in pages that cover every event exactly once', async ({ by, direction }) => {
        const pages = await Promise.all(
          [1, 2, 3, 4, 5].map((number) => repository.search(new Criteria([SEARCHABLE], { by, direction }, { number, size: 3 }))),
        );

        expect(pages.map((page) => page.total)).toEqual([11, 11, 11, 11, 11]);
        expect(pages.map((page) => page.events.length)).toEqual([3, 3, 3, 2, 0]);
        expect(pages.flatMap((page) => page.events.map((event) => event.id))).toEqual(expectedOrder(by, direction));
      });

      it.each(orders)('by $by $direction from position to position, covering every event exactly once', async ({ by, direction }) => {
        const seen: string[] = [];
        let after: SortPosition | null = null;
        for (let round = 0; round < 10; round += 1) {
          const page: EventSummaryPage = await repository.search(new Criteria([SEARCHABLE], { by, direction }, { number: 1, size: 3 }, null, after));
          expect(page.total).toBe(11);
          seen.push(...page.events.map((event) => event.id));
          if (page.events.length < 3) break;
          const last = page.events[page.events.length - 1];
          after = { value: sortValueOf(last, by), id: last.id };
        }
        expect(seen).toEqual(expectedOrder(by, direction));
      });
    });

    it('counts every match across pages, not just the page', async () => {
      const inside = [1, 2, 3].map(() => EventMother.online({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T22:00:00' }));
      await repository.saveBatch([...inside, EventMother.online({ startsAt: '2022-01-01T00:00:00', endsAt: '2022-01-01T01:00:00' })]);
      const criteria = window('2021-06-01T00:00:00', '2021-07-01T00:00:00');

      const page = await repository.search(new Criteria(criteria.filters, criteria.order, { number: 1, size: 2 }));

      expect(page.total).toBe(3);
      expect(page.events).toHaveLength(2);
    });
  });
});
