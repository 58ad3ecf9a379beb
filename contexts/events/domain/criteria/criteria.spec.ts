import { Criteria, Order } from './criteria';

const ORDER: Order = { by: 'starts_at', direction: 'asc' };

describe('Criteria', () => {
  it('starts at the beginning without a page', () => {
    expect(new Criteria([], ORDER, null).offset).toBe(0);
  });

  it.each([
    [1, 10, 0],
    [2, 10, 10],
    [3, 10, 20],
    [4, 25, 75],
    [1, 1, 0],
    [7, 1, 6],
  ])('page %p of size %p starts after %p events', (number, size, offset) => {
    expect(new Criteria([], ORDER, { number, size }).offset).toBe(offset);
  });
});
