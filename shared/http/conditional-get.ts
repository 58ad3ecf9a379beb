import { createHash } from 'node:crypto';
import { FastifyInstance } from 'fastify';

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): a W/ prefix does not prevent a match. */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * A strong ETag (quoted base64url SHA-256 of the body) on every 200 to a GET or HEAD, and a 304
 * without a body when the request's If-None-Match holds it. Runs on the serialized payload, after
 * every handler and interceptor, so no route needs to know about validators.
 */
export function answerConditionalGets(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode !== 200 || (request.method !== 'GET' && request.method !== 'HEAD') || typeof payload !== 'string') {
      done(null, payload);
      return;
    }
    const etag = `"${createHash('sha256').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    if (!matchesAny(request.headers['if-none-match'], etag)) {
      done(null, payload);
      return;
    }
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    done(null, null);
  });
}
