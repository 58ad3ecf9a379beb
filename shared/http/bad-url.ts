import { IncomingMessage } from 'node:http';
import { FastifyInstance, FastifyReply } from 'fastify';

const BAD_URL = Symbol('bad-url');

type MarkedRequest = IncomingMessage & { [BAD_URL]?: true };

/**
 * Fastify's `rewriteUrl`. A path that cannot be percent-decoded (`/%zz`) would make Fastify's
 * router answer before any hook runs, so without the request id's echo, the security headers, the
 * metrics and CORS. Such a request is marked and routed with its `%` escaped instead, so that it
 * walks the pipeline like any other and refuseBadUrls answers it there.
 */
export function rewriteBadUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  // Most requests hold no escape at all: one scan, and they are done.
  if (!url.includes('%')) return url;
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes('%')) return url;
  try {
    decodeURI(path);
    return url;
  } catch {
    (request as MarkedRequest)[BAD_URL] = true;
    return path.replaceAll('%', '%25');
  }
}

/** Answers a request rewriteBadUrl marked, once the hooks registered before this one ran. */
export function refuseBadUrls(fastify: FastifyInstance, answer: (reply: FastifyReply) => void): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if ((request.raw as MarkedRequest)[BAD_URL]) return answer(reply);
    done();
  });
}
