import { LRUCache } from 'lru-cache';
import { CachedResponse } from '../../infrastructure/cache/cached-search-responses';

/** A 200 as the fast path replays it: the body already encoded, so a hit writes bytes and nothing else. */
export interface HotResponse extends Omit<CachedResponse, 'body'> {
  body: Buffer;
}

export interface HotResponsesOptions {
  /** How long an entry is kept; 0 switches the fast path off. */
  ttlSeconds: number;
  maxEntries?: number;
  /** Total body bytes kept; a body larger than the whole budget is simply not kept. */
  maxBytes?: number;
  /** The clock the TTL is measured on; milliseconds. */
  now?: () => number;
}

const DEFAULT_MAX_ENTRIES = 1_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The answers of this process, by data version and the request URL exactly as written, so a
 * repeated request is answered before validation, normalization and hashing. Keyed by the data
 * version, an entry can never be served after a sync that changed something; spellings that
 * normalize alike get separate entries and share the read-through cache behind.
 */
export class HotResponses {
  private readonly entries: LRUCache<string, HotResponse> | null;
  readonly ttlSeconds: number;

  constructor(options: HotResponsesOptions) {
    this.ttlSeconds = options.ttlSeconds;
    this.entries =
      options.ttlSeconds > 0
        ? new LRUCache<string, HotResponse>({
            max: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
            maxSize: options.maxBytes ?? DEFAULT_MAX_BYTES,
            sizeCalculation: (response) => Math.max(response.body.length, 1),
            ttl: options.ttlSeconds * 1000,
            // An injected clock is read on every check rather than once per millisecond.
            ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
          })
        : null;
  }

  get enabled(): boolean {
    return this.entries !== null;
  }

  get(version: number, url: string): HotResponse | undefined {
    return this.entries?.get(keyFor(version, url));
  }

  /** Only a 200 is kept: errors and 404s are rare, cheap to answer again, and must not be replayed. */
  remember(version: number, url: string, response: CachedResponse): void {
    if (response.status !== 200) return;
    this.entries?.set(keyFor(version, url), { status: 200, etag: response.etag, body: Buffer.from(response.body) });
  }
}

function keyFor(version: number, url: string): string {
  return `${version}:${url}`;
}
