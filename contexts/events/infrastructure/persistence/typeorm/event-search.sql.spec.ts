import { Criteria, Filter, Order } from '@contexts/events/domain/criteria/criteria';
import { eventListingStatement, eventSearchStatements } from './event-search.sql';

const BY_START: Order = { by: 'starts_at', direction: 'asc' };

describe('eventSearchStatements', () => {
  it('passes filter values as parameters, never as SQL text', () => {
    const hostile = "2021-01-01T00:00:00'; DROP TABLE events; --";
    const criteria = new Criteria([{ field: 'starts_at', operator: 'gte', value: hostile }], BY_START, null);

    const { rows } = eventSearchStatements(criteria);

    expect(rows.text).not.toContain('DROP TABLE');
    expect(rows.parameters).toEqual([hostile]);
  });

  it('writes the ever-online filter as a bare column, so partial indexes apply', () => {
    const criteria = new Criteria([{ field: 'ever_online', operator: 'eq', value: true }], BY_START, null);

    expect(eventSearchStatements(criteria).rows.text).toMatch(/WHERE ever_online\s/);
  });

  it('pages with LIMIT and OFFSET and counts with the same filters', () => {
    const filters: Filter[] = [{ field: 'ends_at', operator: 'lte', value: '2021-12-31T23:59:59' }];

    const { rows, count } = eventSearchStatements(new Criteria(filters, BY_START, { number: 3, size: 20 }));

    expect(rows.text).toContain('LIMIT $2 OFFSET $3');
    expect(rows.parameters).toEqual(['2021-12-31T23:59:59', 20, 40]);
    expect(count).toEqual({ text: expect.stringContaining('ends_at <= $1::timestamp'), parameters: ['2021-12-31T23:59:59'] });
  });

  it('bounds the start by the end bound too, since no event starts after it ends', () => {
    const criteria = new Criteria([{ field: 'ends_at', operator: 'lte', value: '2021-12-31T23:59:59' }], BY_START, null);

    expect(eventSearchStatements(criteria).rows.text).toContain('ends_at <= $1::timestamp AND starts_at <= $1::timestamp');
  });

  it('limits an unpaged search when asked, after the filters', () => {
    const filters: Filter[] = [{ field: 'starts_at', operator: 'gte', value: '2021-01-01T00:00:00' }];

    const { rows, count } = eventSearchStatements(new Criteria(filters, BY_START, null, 10_001));

    expect(rows.text).toMatch(/ORDER BY starts_at ASC, id ASC\nLIMIT \$2$/);
    expect(rows.parameters).toEqual(['2021-01-01T00:00:00', 10_001]);
    expect(count).toBeNull();
  });

  it('needs no count without a page', () => {
    expect(eventSearchStatements(new Criteria([], BY_START, null)).count).toBeNull();
  });

  it.each([
    ['a sort field', new Criteria([], { by: 'id; DROP TABLE events' as never, direction: 'asc' }, null)],
    ['a sort direction', new Criteria([], { by: 'title', direction: 'sideways' as never }, null)],
    ['a filter field', new Criteria([{ field: 'constructor' as never, operator: 'eq', value: 'x' }], BY_START, null)],
    ['a filter operator', new Criteria([{ field: 'starts_at', operator: 'like' as never, value: 'x' }], BY_START, null)],
  ])('refuses %s it does not know', (_what, criteria) => {
    expect(() => eventSearchStatements(criteria)).toThrow(/^Unsupported/);
  });

  it('renders a listing below its limit by comparing the count with the LIMIT parameter itself', () => {
    const filters: Filter[] = [{ field: 'starts_at', operator: 'gte', value: '2021-01-01T00:00:00' }];

    const { text, parameters } = eventListingStatement(new Criteria(filters, BY_START, null, 10_001));

    expect(parameters).toEqual(['2021-01-01T00:00:00', 10_001]);
    expect(text).toContain('CASE WHEN count(*) < $2::int');
    expect(text).toMatch(/LIMIT \$2\)/);
  });
});
