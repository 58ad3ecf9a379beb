import { plainArrayLiteral, timestampText } from './batch-parameters';

describe('batch parameters', () => {
  it('joins plain elements into one PostgreSQL array literal', () => {
    expect(plainArrayLiteral(['a0b1', 'c2d3'])).toBe('{a0b1,c2d3}');
    expect(plainArrayLiteral([true, false])).toBe('{true,false}');
    expect(plainArrayLiteral([])).toBe('{}');
  });

  it('renders each time as ISO text, whichever came before it', () => {
    const first = new Date('2026-03-01T10:00:00Z');
    const second = new Date('2026-03-01T11:30:00Z');

    expect([timestampText(first), timestampText(new Date(first)), timestampText(second), timestampText(first)]).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T11:30:00.000Z',
      '2026-03-01T10:00:00.000Z',
    ]);
  });
});
