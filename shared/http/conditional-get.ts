import { hash } from 'node:crypto';
import { FastifyInstance } from 'fastify';

/** A strong validator: the quoted base64url SHA-256 of the body. */
export function strongEtag(body: string | Buffer): string {
  return `"${hash('sha256', body, 'base64url')}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): a W/ prefix does not prevent a match. */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * A strong ETag on every 200 to a GET or HEAD, and a 304 without a body when the request's
 * If-None-Match holds it. Runs on the serialized payload, after every handler, so no route needs to
 * know about validators; a route that already knows its body's ETag (one rendered once and kept,
 * see RenderedJsonCache) sets it, and the body is not hashed again.
 */
export function answerConditionalGets(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null;
    if (reply.statusCode !== 200 || (request.method !== 'GET' && request.method !== 'HEAD') || body === null) {
      done(null, payload);
      return;
    }
    const known = reply.getHeader('etag');
    const etag = typeof known === 'string' ? known : strongEtag(body);
    if (etag !== known) reply.header('etag', etag);
    if (!matchesAny(request.headers['if-none-match'], etag)) {
      done(null, payload);
      return;
    }
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    // Fastify's HEAD routes read the payload after this hook: they take undefined for "no body", not null.
    done(null, request.method === 'HEAD' ? undefined : null);
  });
}
