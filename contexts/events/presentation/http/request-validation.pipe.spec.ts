import { ArgumentMetadata } from '@nestjs/common';
import { SearchEventsQuery } from '../../application/search-events/search-events.query';
import { nextCursorAfter } from './events-cursor';
import { EventsPageRequestDto } from './events-page.request-dto';
import { InvalidRequestException } from './invalid-request.exception';
import { createRequestValidationPipe } from './request-validation.pipe';
import { SearchEventsRequestDto } from './search-events.request-dto';

type RawQuery = Record<string, string | string[]>;

const pipe = createRequestValidationPipe();

async function validQuery(dto: typeof SearchEventsRequestDto | typeof EventsPageRequestDto, raw: RawQuery): Promise<SearchEventsQuery> {
  const metadata: ArgumentMetadata = { type: 'query', metatype: dto };
  const request: SearchEventsRequestDto = await pipe.transform(raw, metadata);
  return request.toQuery();
}

async function rejection(dto: typeof SearchEventsRequestDto | typeof EventsPageRequestDto, raw: RawQuery): Promise<{ code: string; message: string }> {
  const error = await validQuery(dto, raw).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidRequestException);
  const { code, message } = error as InvalidRequestException;
  return { code, message };
}

describe('GET /search parameters', () => {
  it('quotes at most the start of a huge value back', async () => {
    const { code, message } = await rejection(SearchEventsRequestDto, { starts_at: 'x'.repeat(12_000) });

    expect(code).toBe('INVALID_PARAMETER');
    expect(message).toMatch(/^starts_at must be an ISO 8601 date-time .*, got "x+… \(\d+ more characters\)$/);
    expect(message.length).toBeLessThan(400);
  });

  it('searches everything, ordered by start, when no bound is given', async () => {
    await expect(validQuery(SearchEventsRequestDto, {})).resolves.toEqual({
      startsAt: null,
      endsAt: null,
      sortBy: 'starts_at',
      sortDir: 'asc',
      page: null,
    });
  });

  it('normalizes each bound to the wall-clock text the use case takes', async () => {
    await expect(
      validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T23:00:00+02:00', ends_at: '2021-07-31' }),
    ).resolves.toMatchObject({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-07-31T23:59:59' });
  });

  it('accepts each bound alone', async () => {
    await expect(validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00:00Z' })).resolves.toMatchObject({
      startsAt: '2021-06-30T21:00:00',
      endsAt: null,
    });
    await expect(validQuery(SearchEventsRequestDto, { ends_at: '2021-06-30T21:00:00Z' })).resolves.toMatchObject({
      startsAt: null,
      endsAt: '2021-06-30T21:00:00',
    });
  });

  it('gives the same query for the same instant written differently', async () => {
    const [utc, madrid, wallClock] = await Promise.all([
      validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00:00Z', ends_at: '2021-07-01T00:00:00.9Z' }),
      validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T23:00:00+02:00', ends_at: '2021-07-01T02:00:00+02:00' }),
      validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00', ends_at: '2021-07-01T00:00:00' }),
    ]);
    expect(madrid).toEqual(utc);
    expect(wallClock).toEqual(utc);
  });

  it('accepts a window of a single instant', async () => {
    await expect(
      validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00:00', ends_at: '2021-06-30T21:00:00' }),
    ).resolves.toMatchObject({ startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T21:00:00' });
  });

  it.each([
    ['starts_at', 'soon', /^starts_at must be an ISO 8601 date-time such as .*, got "soon"$/],
    ['starts_at', '', /^starts_at must be an ISO 8601 date-time .*, got ""$/],
    ['starts_at', '2021-02-30T00:00:00', /^starts_at must be .*, got "2021-02-30T00:00:00" \(day 30 does not exist in 2021-02\)$/],
    ['ends_at', '2021-02-30', /^ends_at must be .*, got "2021-02-30" \(day 30 does not exist in 2021-02\)$/],
    ['ends_at', '2021-06-30T25:00:00Z', /^ends_at must be .*\(time 25:00:00 does not exist\)$/],
    ['ends_at', '2021-06-30T21:00:00+2', /^ends_at must be .*, got "2021-06-30T21:00:00\+2"$/],
  ])('rejects %s=%p, naming the parameter and what it expects', async (parameter, value, message) => {
    await expect(rejection(SearchEventsRequestDto, { [parameter]: value })).resolves.toEqual({
      code: 'INVALID_PARAMETER',
      message: expect.stringMatching(message),
    });
  });

  it('rejects a window that ends before it starts', async () => {
    await expect(rejection(SearchEventsRequestDto, { starts_at: '2021-07-01', ends_at: '2021-06-30' })).resolves.toEqual({
      code: 'INVALID_DATE_RANGE',
      message: 'ends_at must not be before starts_at, got starts_at "2021-07-01" and ends_at "2021-06-30"',
    });
  });

  it('compares the bounds after converting offsets, not as written', async () => {
    // 22:00 in Madrid is 20:00 UTC, before a 21:00 wall-clock start.
    await expect(
      rejection(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00:00', ends_at: '2021-06-30T22:00:00+02:00' }),
    ).resolves.toMatchObject({ code: 'INVALID_DATE_RANGE' });
  });

  it('takes a window within one second as written, though its bounds round past each other (it holds no event)', async () => {
    await expect(
      validQuery(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00:00.2', ends_at: '2021-06-30T21:00:00.8' }),
    ).resolves.toMatchObject({ startsAt: '2021-06-30T21:00:01', endsAt: '2021-06-30T21:00:00' });
    await expect(
      rejection(SearchEventsRequestDto, { starts_at: '2021-06-30T21:00:00.8', ends_at: '2021-06-30T21:00:00.2' }),
    ).resolves.toMatchObject({ code: 'INVALID_DATE_RANGE' });
  });

  it('refuses an unknown parameter, listing the accepted ones', async () => {
    await expect(rejection(SearchEventsRequestDto, { start: '2021-06-30' })).resolves.toEqual({
      code: 'UNKNOWN_PARAMETER',
      message: 'unknown parameter start (accepted: starts_at, ends_at)',
    });
  });

  it('refuses the pagination parameters, which only GET /events takes', async () => {
    await expect(rejection(SearchEventsRequestDto, { page: '1' })).resolves.toMatchObject({ code: 'UNKNOWN_PARAMETER' });
  });

  it('refuses a repeated parameter', async () => {
    await expect(rejection(SearchEventsRequestDto, { starts_at: ['2021-06-30', '2021-07-01'] })).resolves.toEqual({
      code: 'REPEATED_PARAMETER',
      message: 'starts_at must be given at most once',
    });
  });

  it('reports every problem at once, under the first one\'s code', async () => {
    const { code, message } = await rejection(SearchEventsRequestDto, { starts_at: 'soon', ends_at: 'later', extra: 'x' });
    const problems = message.split('; ');
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^starts_at must be .*"soon"$/),
        expect.stringMatching(/^ends_at must be .*"later"$/),
        'unknown parameter extra (accepted: starts_at, ends_at)',
      ]),
    );
    expect(code).toBe(problems[0].startsWith('unknown') ? 'UNKNOWN_PARAMETER' : 'INVALID_PARAMETER');
  });
});

describe('GET /events parameters', () => {
  it('fills in the defaults: first page of 20, by start ascending', async () => {
    await expect(validQuery(EventsPageRequestDto, {})).resolves.toEqual({
      startsAt: null,
      endsAt: null,
      sortBy: 'starts_at',
      sortDir: 'asc',
      page: { number: 1, size: 20 },
      after: null,
    });
  });

  it('takes the window, page and order it is given', async () => {
    await expect(
      validQuery(EventsPageRequestDto, {
        starts_at: '2021-01-01',
        ends_at: '2021-12-31',
        page: '3',
        pageSize: '100',
        sortBy: 'max_price',
        sortDir: 'desc',
      }),
    ).resolves.toEqual({
      startsAt: '2021-01-01T00:00:00',
      endsAt: '2021-12-31T23:59:59',
      sortBy: 'max_price',
      sortDir: 'desc',
      page: { number: 3, size: 100 },
      after: null,
    });
  });

  it.each(['starts_at', 'ends_at', 'title', 'min_price', 'max_price'])('sorts by %s', async (sortBy) => {
    await expect(validQuery(EventsPageRequestDto, { sortBy })).resolves.toMatchObject({ sortBy });
  });

  it.each([
    ['page', '0', 'page must be a whole number of at least 1, got 0'],
    ['page', '-1', 'page must be a whole number of at least 1, got "-1"'],
    ['page', 'abc', 'page must be a whole number of at least 1, got "abc"'],
    ['page', '1.5', 'page must be a whole number of at least 1, got "1.5"'],
    ['page', '1e1', 'page must be a whole number of at least 1, got "1e1"'],
    ['page', '0x10', 'page must be a whole number of at least 1, got "0x10"'],
    ['page', '', 'page must be a whole number of at least 1, got ""'],
    ['page', '99999999999', 'page must be a whole number of at least 1, got "99999999999"'],
    ['pageSize', '0', 'pageSize must be a whole number from 1 to 100, got 0'],
    ['pageSize', '101', 'pageSize must be a whole number from 1 to 100, got 101'],
    ['pageSize', 'ten', 'pageSize must be a whole number from 1 to 100, got "ten"'],
    ['sortBy', 'foo', 'sortBy must be one of starts_at, ends_at, title, min_price, max_price, got "foo"'],
    ['sortBy', 'id', 'sortBy must be one of starts_at, ends_at, title, min_price, max_price, got "id"'],
    ['sortDir', 'up', 'sortDir must be one of asc, desc, got "up"'],
    ['sortDir', 'DESC', 'sortDir must be one of asc, desc, got "DESC"'],
  ])('rejects %s=%p', async (parameter, value, message) => {
    await expect(rejection(EventsPageRequestDto, { [parameter]: value })).resolves.toEqual({ code: 'INVALID_PARAMETER', message });
  });

  it.each(['page', 'pageSize', 'sortBy', 'sortDir', 'ends_at'])('refuses %s given twice', async (parameter) => {
    await expect(rejection(EventsPageRequestDto, { [parameter]: ['1', '2'] })).resolves.toEqual({
      code: 'REPEATED_PARAMETER',
      message: `${parameter} must be given at most once`,
    });
  });

  it('validates the window as /search does', async () => {
    await expect(rejection(EventsPageRequestDto, { starts_at: '2021-02-30' })).resolves.toMatchObject({ code: 'INVALID_PARAMETER' });
    await expect(rejection(EventsPageRequestDto, { starts_at: '2021-07-01', ends_at: '2021-06-30' })).resolves.toMatchObject({
      code: 'INVALID_DATE_RANGE',
    });
  });

  it('refuses an unknown parameter, listing all it accepts', async () => {
    await expect(rejection(EventsPageRequestDto, { limit: '10' })).resolves.toEqual({
      code: 'UNKNOWN_PARAMETER',
      message: 'unknown parameter limit (accepted: starts_at, ends_at, page, pageSize, sortBy, sortDir, cursor)',
    });
  });

  it('refuses a page deeper than the page window, pointing to the cursor', async () => {
    await expect(rejection(EventsPageRequestDto, { page: '101', pageSize: '100' })).resolves.toEqual({
      code: 'INVALID_PARAMETER',
      message: 'page × pageSize must be at most 10000, got page 101 × 100: to go deeper, pass the nextCursor of the previous page as cursor',
    });
    await expect(validQuery(EventsPageRequestDto, { page: '100', pageSize: '100' })).resolves.toMatchObject({ page: { number: 100, size: 100 } });
  });

  it('takes a cursor it made, for the same order, as the position to start after', async () => {
    const cursor = nextCursorAfter(
      { id: '6c3c0f3e-0b59-5f39-9d5c-0f0a3c2f1a11', title: 'Los Morancos', startsAt: '2021-07-31T20:00:00', endsAt: '2021-07-31T21:00:00', minPrice: '65.00', maxPrice: null },
      { by: 'max_price', direction: 'desc' },
    );
    await expect(validQuery(EventsPageRequestDto, { cursor, sortBy: 'max_price', sortDir: 'desc' })).resolves.toMatchObject({
      page: { number: 1, size: 20 },
      after: { value: null, id: '6c3c0f3e-0b59-5f39-9d5c-0f0a3c2f1a11' },
    });
    await expect(rejection(EventsPageRequestDto, { cursor, sortBy: 'title', sortDir: 'desc' })).resolves.toMatchObject({
      message: expect.stringMatching(/^cursor was made for sortBy=max_price&sortDir=desc/),
    });
    await expect(rejection(EventsPageRequestDto, { cursor, sortBy: 'max_price', sortDir: 'desc', page: '2' })).resolves.toMatchObject({
      message: 'cursor replaces page: give one or the other',
    });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['an unknown order', Buffer.from(JSON.stringify({ order: { by: 'id', direction: 'asc' }, position: { value: 'x', id: '6c3c0f3e-0b59-5f39-9d5c-0f0a3c2f1a11' } })).toString('base64url')],
    ['an impossible date', Buffer.from(JSON.stringify({ order: { by: 'starts_at', direction: 'asc' }, position: { value: '2021-02-30T00:00:00', id: '6c3c0f3e-0b59-5f39-9d5c-0f0a3c2f1a11' } })).toString('base64url')],
    ['a price that is not a decimal', Buffer.from(JSON.stringify({ order: { by: 'min_price', direction: 'asc' }, position: { value: '1; DROP', id: '6c3c0f3e-0b59-5f39-9d5c-0f0a3c2f1a11' } })).toString('base64url')],
    ['a title PostgreSQL cannot hold (NUL)', Buffer.from(JSON.stringify({ order: { by: 'title', direction: 'desc' }, position: { value: 'a\u0000b', id: '6c3c0f3e-0b59-5f39-9d5c-0f0a3c2f1a11' } })).toString('base64url')],
  ])('refuses a cursor with %s', async (_what, cursor) => {
    await expect(rejection(EventsPageRequestDto, { cursor })).resolves.toMatchObject({
      code: 'INVALID_PARAMETER',
      message: expect.stringMatching(/^cursor must be the nextCursor of a previous page/),
    });
  });
});
