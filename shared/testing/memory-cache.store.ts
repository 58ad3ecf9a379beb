import { LRUCache } from 'lru-cache';
import { CacheStore } from '@shared/cache/cache-store';

export interface MemoryCacheStoreLimits {
  maxEntries: number;
  /** Total characters kept; one huge response must not be able to take the process's memory. */
  maxCharacters: number;
}

const DEFAULT_LIMITS: MemoryCacheStoreLimits = { maxEntries: 10_000, maxCharacters: 64 * 1024 * 1024 };

/**
 * A CacheStore in this process, for tests of what uses one: keeps serialized values as Redis would.
 * Least recently used entries go first once either limit is reached; a value larger than the
 * whole budget is simply not kept.
 */
export class MemoryCacheStore extends CacheStore {
  private readonly entries: LRUCache<string, string>;

  constructor(limits: Partial<MemoryCacheStoreLimits> = {}) {
    super();
    const { maxEntries, maxCharacters } = { ...DEFAULT_LIMITS, ...limits };
    this.entries = new LRUCache<string, string>({
      max: maxEntries,
      maxSize: maxCharacters,
      sizeCalculation: (value) => Math.max(value.length, 1),
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
