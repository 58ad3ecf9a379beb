import { FastifyRateLimitStore } from '@fastify/rate-limit';
import { RouteOptions } from 'fastify';
import { RedisClientType } from 'redis';

/**
 * One atomic step per request: count it, start the window on the first one, report the count and
 * the milliseconds left in the window.
 */
const COUNT_REQUEST = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { current, redis.call('PTTL', KEYS[1]) }`;

/**
 * @fastify/rate-limit's counters in Redis, so every API replica counts the same client alike.
 * The plugin's own Redis store wants an ioredis client; the project's is node-redis. A failed
 * count is reported to the plugin, which then lets the request through (skipOnError).
 */
export class RedisRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly client: RedisClientType,
    private readonly prefix = 'rate-limit:',
  ) {}

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    this.client
      .eval(COUNT_REQUEST, { keys: [`${this.prefix}${key}`], arguments: [String(timeWindow)] })
      .then((reply) => {
        const [current, ttl] = reply as [number, number];
        callback(null, { current, ttl: Math.max(ttl, 0) });
      })
      .catch((error: Error) => callback(error));
  }

  /** Per route, as the plugin's own stores count. */
  child(routeOptions: RouteOptions & { path: string; prefix: string }): FastifyRateLimitStore {
    return new RedisRateLimitStore(this.client, `${this.prefix}${routeOptions.method}${routeOptions.url}:`);
  }
}
