import { FastifyReply } from 'fastify';
import { CachedResponse } from '../../infrastructure/cache/cached-search-responses';

/** A cached 200 or error, its body still a string or already encoded. */
export interface SendableResponse extends Omit<CachedResponse, 'body'> {
  body: string | Buffer;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): a W/ prefix does not prevent a match. */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Writes an already serialized body straight to Fastify, so nothing serializes it again.
 * Only a 200 carries a validator and can become a 304; preconditions do not apply to errors.
 */
export function sendCachedResponse(reply: FastifyReply, response: SendableResponse, ifNoneMatch: string | undefined, ttlSeconds: number): void {
  reply.header('cache-control', ttlSeconds > 0 ? `public, max-age=${ttlSeconds}` : 'no-cache');
  if (response.status === 200) {
    reply.header('etag', response.etag);
    if (matchesAny(ifNoneMatch, response.etag)) {
      reply.code(304).send();
      return;
    }
  }
  reply.code(response.status).type('application/json; charset=utf-8').send(response.body);
}
