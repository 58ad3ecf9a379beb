import { FastifyInstance, FastifyRequest } from 'fastify';
import { DataVersion } from '../../domain/data-version';
import { HotResponses } from './hot-responses';
import { writeCachedResponse } from './send-cached-response';

/** The routes whose 200s depend only on the URL and the data version. */
const REPLAYED_ROUTES = new Set(['/search', '/events']);

/**
 * Answers a repeated GET /search or /events from `responses` in Fastify's onRequest hook, before
 * Nest's pipeline, validation and the cache key's hash; everything else goes on unchanged. A miss
 * remembers the data version it saw, and its 200 is kept under that version when sent: the version
 * only moves forward, so a body is never filed under a version newer than its data.
 */
export function registerHotResponseHooks(fastify: FastifyInstance, responses: HotResponses, dataVersion: DataVersion): void {
  if (!responses.enabled) return;
  const missedAt = new WeakMap<FastifyRequest, number>();

  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !REPLAYED_ROUTES.has(request.routeOptions.url ?? '')) return;
    const version = await dataVersion.current();
    const hit = responses.get(version, request.url);
    if (!hit) {
      missedAt.set(request, version);
      return;
    }
    // Hijacked: the bytes go straight to the socket, skipping Fastify's reply hooks and checks.
    reply.hijack();
    writeCachedResponse(reply.raw, hit, request.headers['if-none-match'], responses.ttlSeconds);
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const version = missedAt.get(request);
    const etag = reply.getHeader('etag');
    if (version !== undefined && reply.statusCode === 200 && typeof payload === 'string' && typeof etag === 'string') {
      responses.remember(version, request.url, { status: 200, etag, body: payload });
    }
    return payload;
  });
}
