import rateLimit, { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { RedisClientType, createClient } from 'redis';
import { LogPort } from '../logging/log-port';
import { redactCredentials } from '../logging/redact-credentials';
import { redisClientOptions } from '../redis/redis-client-options';
import { RedisRateLimitStore } from './redis-rate-limit.store';

export interface RateLimitSettings {
  /** Requests per minute per client address and route; 0: no limit. */
  perMinute: number;
  /** Counters in Redis when set (replicas agree), in this process otherwise. */
  redisUrl: string | null;
  /** Routes never limited: probes and scrapes must get through an overload. */
  exempt: (request: FastifyRequest) => boolean;
  logger: LogPort;
}

/**
 * @fastify/rate-limit on every request: past the limit a client gets a 429 (which the app's error
 * handler puts in its envelope) with Retry-After and the RateLimit-* headers of the IETF draft.
 * A Redis that does not answer never blocks a request: counting fails fast and the request passes.
 */
export async function limitRequestRate(fastify: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  if (settings.perMinute === 0) return;
  const redis = settings.redisUrl ? connectInBackground(settings.redisUrl, settings.logger) : null;
  if (redis) fastify.addHook('onClose', async () => redis.isOpen && (await redis.disconnect()));
  await fastify.register(rateLimit, {
    global: false,
    max: settings.perMinute,
    timeWindow: 60_000,
    enableDraftSpec: true,
    skipOnError: true,
    allowList: (request) => settings.exempt(request),
    ...(redis ? { store: storeOver(redis) } : {}),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`more than ${context.max} requests a minute from this client: retry in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
  // Counted in an app-wide hook, not the plugin's per-route ones: those run after every app-wide
  // hook, so a CORS preflight or an undecodable path answered by one, and a request no route
  // matches, would never be counted.
  const limit = fastify.rateLimit();
  fastify.addHook('onRequest', (request, reply, done) => {
    limit.call(fastify, request, reply).then(() => done(), done);
  });
}

/** The plugin builds its store itself, from a class. */
function storeOver(client: RedisClientType): FastifyRateLimitStoreCtor {
  return class extends RedisRateLimitStore {
    constructor() {
      super(client);
    }
  };
}

function connectInBackground(url: string, logger: LogPort): RedisClientType {
  // While Redis is away (or frozen, past MAX_UNANSWERED_COMMANDS) a count fails at once and the request passes.
  const client = createClient(redisClientOptions(url, 2_000)) as RedisClientType;
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`rate limit counters unavailable (${redactCredentials(error.message)}); requests pass unlimited meanwhile`);
  });
  client.on('ready', () => {
    if (down) logger.log('rate limit counters available again');
    down = false;
  });
  client.connect().catch(() => undefined);
  return client;
}
