import { EventSummary, listingOf } from '../../domain/event-summary';
import { errorResponse, eventsPageResponse, searchEventsResponseJson } from './events.response-mapper';

/** The /search body for these summaries, as a listing rendered in this process gives it. */
const searchEventsResponse = (events: EventSummary[]) => JSON.parse(searchEventsResponseJson(listingOf(events))) as { data: { events: Record<string, unknown>[] } };

const CAMELA: EventSummary = {
  id: '3f7b1a2e-5c4d-5e6f-8a9b-0c1d2e3f4a5b',
  title: 'Camela en concierto',
  startsAt: '2021-06-30T21:00:00',
  endsAt: '2021-06-30T21:30:00',
  minPrice: '15.00',
  maxPrice: '30.00',
};

describe('events response mapper', () => {
  it('splits the wall-clock times as text, whatever the host timezone', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(searchEventsResponse([CAMELA])).toEqual({
        data: {
          events: [
            {
              id: CAMELA.id,
              title: 'Camela en concierto',
              start_date: '2021-06-30',
              start_time: '21:00:00',
              end_date: '2021-06-30',
              end_time: '21:30:00',
              min_price: 15,
              max_price: 30,
            },
          ],
        },
        error: null,
      });
    } finally {
      process.env.TZ = previous;
    }
  });

  it('writes prices as JSON numbers, cents included, and null for an event without zones', () => {
    const [priced, free] = searchEventsResponse([
      { ...CAMELA, minPrice: '9.99', maxPrice: '1234.50' },
      { ...CAMELA, minPrice: null, maxPrice: null },
    ]).data.events;

    expect(JSON.stringify([priced.min_price, priced.max_price])).toBe('[9.99,1234.5]');
    expect([free.min_price, free.max_price]).toEqual([null, null]);
  });

  it('keeps the contract\'s field order, data before error', () => {
    const body = searchEventsResponseJson(listingOf([CAMELA]));

    expect(body).toMatch(/^\{"data":\{"events":\[\{"id":.*"title":.*"start_date":.*"start_time":.*"end_date":.*"end_time":.*"min_price":.*"max_price":[^,]*\}\]\},"error":null\}$/);
  });

  it('pages: the totals count every match, the pages round up', () => {
    expect(eventsPageResponse({ events: [CAMELA], total: 41 }, { number: 3, size: 20 }, 'next').data).toMatchObject({
      page: 3,
      pageSize: 20,
      totalRows: 41,
      totalPages: 3,
      nextCursor: 'next',
    });
  });

  it('reports a page past the end with its totals and no events', () => {
    expect(eventsPageResponse({ events: [], total: 3 }, { number: 9, size: 20 }, null)).toEqual({
      data: { events: [], page: 9, pageSize: 20, totalRows: 3, totalPages: 1, nextCursor: null },
      error: null,
    });
  });

  it('wraps an error in the envelope, error before data', () => {
    expect(JSON.stringify(errorResponse('INVALID_PARAMETER', 'page must be a whole number'))).toBe(
      '{"error":{"code":"INVALID_PARAMETER","message":"page must be a whole number"},"data":null}',
    );
  });
});
