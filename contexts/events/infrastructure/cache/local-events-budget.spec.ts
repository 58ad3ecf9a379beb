import { localEventsBudget } from './local-events-budget';

const MB = 1024 * 1024;

describe('localEventsBudget', () => {
  it('keeps what is preferred when the heap has room for it', () => {
    expect(localEventsBudget(100_000, 4_096 * MB)).toBe(100_000);
  });

  it('keeps fewer events on a small heap, a quarter of it at the most', () => {
    expect(localEventsBudget(100_000, 64 * MB)).toBe(16_777);
    expect(localEventsBudget(200_000, 128 * MB)).toBe(33_554);
  });

  it("reads this process's own heap limit by default", () => {
    expect(localEventsBudget(Number.MAX_SAFE_INTEGER)).toBeGreaterThan(0);
  });
});
