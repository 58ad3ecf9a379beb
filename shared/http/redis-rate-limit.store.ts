import { FastifyRateLimitStore } from '@fastify/rate-limit';
import { RouteOptions } from 'fastify';
import { LRUCache } from 'lru-cache';
import { RedisClientType } from 'redis';
import { withinTimeout } from '../async/within-timeout';

/**
 * Below this many requests left in a client's window every request is counted in Redis, one
 * round trip each, so replicas agree exactly where it matters: near the limit.
 */
const EXACT_BELOW_REMAINING = 1_000;
/** Farther from the limit a replica reserves this share of what is left at once, so any error stays under 1%. */
const RESERVED_SHARE = 0.01;
const MAX_RESERVED = 100;
/** Clients whose reservation this replica remembers; a forgotten one gives its unused requests back. */
const CLIENTS_REMEMBERED = 10_000;
/**
 * Far longer than a count in Redis takes, event-loop lag of a busy process included (a tighter
 * bound skipped counts under load); past it the request passes uncounted, as when Redis is down.
 */
const COUNT_TIMEOUT_MS = 1_000;
/**
 * After a count failed or got no answer, one count at most this often asks Redis whether it
 * answers again; meanwhile every other request passes uncounted at once, so a frozen Redis costs
 * one request a second the timeout, not every request.
 */
const PROBE_EVERY_MS = 1_000;

/**
 * One atomic step per reservation: size the block from the count Redis holds (one request near the
 * limit, a share of what is left far from it), count it, start the window if none is running (a
 * counter without an expiry included), report the count, the milliseconds left and the block size.
 */
const RESERVE_REQUESTS = `
local remaining = tonumber(ARGV[2]) - tonumber(redis.call('GET', KEYS[1]) or '0')
local size = 1
if remaining >= ${EXACT_BELOW_REMAINING} then size = math.min(${MAX_RESERVED}, math.floor(remaining * ${RESERVED_SHARE})) end
local current = redis.call('INCRBY', KEYS[1], size)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { current, ttl, size }`;

/** Gives back requests reserved but not used, unless the window they belong to has ended. */
const RELEASE_REQUESTS = `
if redis.call('PTTL', KEYS[1]) > 0 then redis.call('DECRBY', KEYS[1], ARGV[1]) end`;

/** Requests this replica has reserved in Redis and counts off itself: positions `next` to `last` of the window. */
interface Reservation {
  next: number;
  last: number;
  resetAt: number;
}

interface Count {
  current: number;
  ttl: number;
}

/**
 * @fastify/rate-limit's counters in Redis, so every API replica counts the same client alike. A
 * client far from its limit is counted in blocks: one INCRBY reserves a hundredth of what it has
 * left and this replica counts those requests off in memory, so a busy client costs a round trip
 * per block instead of per request (a round trip per request halved a cache hit's throughput).
 * Near the limit the block is one request. The price: requests reserved by a replica that then
 * gets none of them count against the client until the window ends, under 1% of the limit per
 * replica. The plugin's own Redis store wants an ioredis client; the project's is node-redis. A
 * failed or late (COUNT_TIMEOUT_MS) count is reported to the plugin, which then lets the request
 * through (skipOnError).
 */
export class RedisRateLimitStore implements FastifyRateLimitStore {
  private readonly reservations: LRUCache<string, Reservation>;
  private readonly reserving = new Map<string, Promise<void>>();
  /** Set while Redis leaves counts unanswered: when the next count may ask it again. */
  private nextProbeAt: number | null = null;

  constructor(
    private readonly client: RedisClientType,
    private readonly prefix = 'rate-limit:',
    private readonly now: () => number = Date.now,
    private readonly clientsRemembered = CLIENTS_REMEMBERED,
    private readonly timeoutMs = COUNT_TIMEOUT_MS,
  ) {
    this.reservations = new LRUCache<string, Reservation>({
      max: clientsRemembered,
      // A client pushed out by others gives back what it had reserved, so its count stays its own.
      dispose: (reservation, key, reason) => {
        if (reason === 'evict') this.release(key, reservation);
      },
    });
  }

  incr(key: string, callback: (error: Error | null, result?: Count) => void, timeWindow: number, max: number): void {
    const counted = this.countLocally(key, max);
    if (counted) {
      callback(null, counted);
      return;
    }
    this.countInRedis(key, timeWindow, max).then(
      (count) => callback(null, count),
      (error: Error) => callback(error),
    );
  }

  /** Per route, as the plugin's own stores count. */
  child(routeOptions: RouteOptions & { path: string; prefix: string }): FastifyRateLimitStore {
    return new RedisRateLimitStore(
      this.client,
      `${this.prefix}${routeOptions.method}${routeOptions.url}:`,
      this.now,
      this.clientsRemembered,
      this.timeoutMs,
    );
  }

  /** The next reserved position, or past the limit without asking when the window is already full. */
  private countLocally(key: string, max: number): Count | null {
    const reservation = this.reservations.get(key);
    const now = this.now();
    if (!reservation || now >= reservation.resetAt) return null;
    const ttl = reservation.resetAt - now;
    if (reservation.next <= reservation.last) return { current: reservation.next++, ttl };
    // The window's count only grows until it ends: once it passed the limit, every request does.
    if (reservation.last > max) return { current: reservation.last, ttl };
    return null;
  }

  private async countInRedis(key: string, timeWindow: number, max: number): Promise<Count> {
    for (;;) {
      // Requests arriving while a reservation is on its way wait for it rather than each sending one.
      const pending = this.reserving.get(key);
      if (pending) await pending;
      else await this.reserve(key, timeWindow, max);
      const counted = this.countLocally(key, max);
      if (counted) return counted;
    }
  }

  private reserve(key: string, timeWindow: number, max: number): Promise<void> {
    const now = this.now();
    if (this.nextProbeAt !== null) {
      if (now < this.nextProbeAt) return Promise.reject(new Error('Redis failed or left a rate limit count unanswered; counting resumes once it answers'));
      this.nextProbeAt = now + PROBE_EVERY_MS;
    }
    // Bounded: a Redis that stopped answering (frozen, not gone) would otherwise hold every request of this client.
    const counted = withinTimeout(
      this.client.eval(RESERVE_REQUESTS, { keys: [`${this.prefix}${key}`], arguments: [String(timeWindow), String(max)] }),
      this.timeoutMs,
      'Redis rate limit count',
    );
    const reserving = counted
      .then(
        (reply) => {
          this.nextProbeAt = null;
          const [current, ttl, size] = reply as [number, number, number];
          this.reservations.set(key, { next: current - size + 1, last: current, resetAt: this.now() + Math.max(ttl, 1) });
        },
        (error: unknown) => {
          this.nextProbeAt = this.now() + PROBE_EVERY_MS;
          throw error;
        },
      )
      .finally(() => this.reserving.delete(key));
    this.reserving.set(key, reserving);
    return reserving;
  }

  private release(key: string, reservation: Reservation): void {
    const unused = reservation.last - reservation.next + 1;
    if (unused <= 0 || this.now() >= reservation.resetAt) return;
    // Best effort: if Redis fails now, the unused requests count until the window ends, as before.
    this.client.eval(RELEASE_REQUESTS, { keys: [`${this.prefix}${key}`], arguments: [String(unused)] }).catch(() => undefined);
  }
}
