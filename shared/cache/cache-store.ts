/**
 * Where serialized responses are kept between requests. A port so the cache technology is one
 * adapter: Redis when several API replicas should share hits, in-process memory otherwise.
 * Failures are reported by rejecting; callers decide whether a cache failure matters (it should not).
 */
export abstract class CacheStore {
  abstract get(key: string): Promise<string | undefined>;

  abstract set(key: string, value: string, ttlSeconds: number): Promise<void>;

  /** Resolves when the store answers; for readiness probes. */
  abstract ping(): Promise<void>;

  abstract close(): Promise<void>;
}
