/**
 * A pseudo-random sequence fully determined by its keys (e.g. seed, call, base event), so the
 * simulator serves the same feed for the same seed and call number on any machine.
 * mulberry32 over a mix of the keys: fast, and plenty for fake data.
 */
export function seededRandom(...keys: number[]): () => number {
  let state = 0x9e3779b9;
  for (const key of keys) {
    state = Math.imul(state ^ (key | 0), 0x85ebca6b);
    state ^= state >>> 13;
    state = Math.imul(state, 0xc2b2ae35);
    state ^= state >>> 16;
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number from `min` to `max`, both included. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
