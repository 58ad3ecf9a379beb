import { createHash } from 'node:crypto';
import { CacheStore } from '@shared/cache/cache-store';
import { LogPort } from '@shared/logging/log-port';
import { DataVersion } from '../../domain/data-version';

/** A response as it goes on the wire: rendered once, then served as is. */
export interface RenderedResponse {
  status: number;
  body: string;
}

export interface CachedResponse extends RenderedResponse {
  /** Strong validator of the body: a quoted base64url SHA-256. */
  etag: string;
}

export interface SearchCacheOptions {
  /** How long a response is kept; 0 switches the cache off. */
  ttlSeconds: number;
  /** After a store failure, how long to answer straight from the database before trying the store again. */
  retryAfterMs: number;
}

const KEY_PREFIX = 'events:search:';

/**
 * A read-through cache of serialized search responses. The key holds the data version, so a sync
 * that changed anything makes every older entry unreachable (they age out by TTL) and a response
 * is never older than the last sync. Equivalent requests must be normalized to the same `request`
 * object by the caller, so they share an entry. The store is optional to correctness: when it
 * fails or is slow the response comes from the database, and the failure is counted and logged
 * once per outage.
 */
export class CachedSearchResponses {
  private readonly inFlight = new Map<string, Promise<CachedResponse>>();
  private failures = 0;
  private storeDown = false;
  private retryStoreAt = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly dataVersion: DataVersion,
    private readonly options: SearchCacheOptions,
    private readonly logger: LogPort,
    private readonly now: () => number = Date.now,
  ) {}

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  /** Store operations that failed or timed out since boot. */
  get storeFailures(): number {
    return this.failures;
  }

  async readThrough(request: object, render: () => Promise<RenderedResponse>): Promise<CachedResponse> {
    if (this.options.ttlSeconds === 0) return withEtag(await render());
    const key = await this.keyFor(request);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    // Concurrent misses on one key wait for the same query instead of each running it.
    const flight = this.lookUpOrRender(key, render).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  private async keyFor(request: object): Promise<string> {
    const digest = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    return `${KEY_PREFIX}${await this.dataVersion.current()}:${digest}`;
  }

  private async lookUpOrRender(key: string, render: () => Promise<RenderedResponse>): Promise<CachedResponse> {
    const hit = await this.tryStore(() => this.store.get(key));
    if (hit !== undefined) return decode(hit);
    const response = withEtag(await render());
    await this.tryStore(() => this.store.set(key, encode(response), this.options.ttlSeconds));
    return response;
  }

  private async tryStore<T>(operation: () => Promise<T>): Promise<T | undefined> {
    if (this.now() < this.retryStoreAt) return undefined;
    try {
      const result = await operation();
      if (this.storeDown) {
        this.storeDown = false;
        this.logger.log('search cache store is answering again');
      }
      return result;
    } catch (error) {
      this.failures += 1;
      this.retryStoreAt = this.now() + this.options.retryAfterMs;
      if (!this.storeDown) {
        this.storeDown = true;
        this.logger.warn(`search cache store failed (${(error as Error).message}); answering from the database`);
      }
      return undefined;
    }
  }
}

function withEtag(response: RenderedResponse): CachedResponse {
  return { ...response, etag: `"${createHash('sha256').update(response.body).digest('base64url')}"` };
}

/** `<status> <etag>\n<body>`: the body stays a verbatim suffix, so a hit is a slice, not a parse. */
function encode(response: CachedResponse): string {
  return `${response.status} ${response.etag}\n${response.body}`;
}

function decode(entry: string): CachedResponse {
  const newline = entry.indexOf('\n');
  const [status, etag] = entry.slice(0, newline).split(' ');
  return { status: Number(status), etag, body: entry.slice(newline + 1) };
}
