import { IncomingMessage, Server } from 'node:http';
import { FastifyInstance, FastifyReply } from 'fastify';

/** Why a request is refused in the pipeline rather than where node or Fastify would have refused it. */
export type Refusal = 'invalid-url' | 'missing-host';

const REFUSAL = Symbol('refusal');

type MarkedRequest = IncomingMessage & { [REFUSAL]?: Refusal };

/**
 * The server options that let node pass on what it would answer itself, with an empty body and
 * none of the pipeline's headers: an HTTP/1.1 request without Host (a 400 it writes alone) reaches
 * Fastify, marked by rewriteRefusedUrl, and is answered by refuseMarkedRequests.
 */
export const PIPELINE_SERVER_OPTIONS = { requireHostHeader: false };

/**
 * Fastify's `rewriteUrl`. A path that cannot be percent-decoded (`/%zz`) would make Fastify's
 * router answer before any hook runs, so without the request id's echo, the security headers, the
 * metrics and CORS. Such a request is marked and routed with its `%` escaped instead, so that it
 * walks the pipeline like any other and refuseMarkedRequests answers it there; so is a request
 * without the Host header HTTP/1.1 requires.
 */
export function rewriteRefusedUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (request.headers.host === undefined && request.httpVersion === '1.1') (request as MarkedRequest)[REFUSAL] = 'missing-host';
  // Most requests hold no escape at all: one scan, and they are done.
  if (!url.includes('%')) return url;
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes('%')) return url;
  try {
    decodeURI(path);
    return url;
  } catch {
    (request as MarkedRequest)[REFUSAL] = 'invalid-url';
    return path.replaceAll('%', '%25');
  }
}

/** Answers a request rewriteRefusedUrl marked, once the hooks registered before this one ran. */
export function refuseMarkedRequests(fastify: FastifyInstance, answer: (reply: FastifyReply, refusal: Refusal) => void): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal = (request.raw as MarkedRequest)[REFUSAL];
    if (refusal) return answer(reply, refusal);
    done();
  });
}

/**
 * Node answers an `Expect` other than 100-continue with a bare 417 unless someone listens. RFC
 * 9110 lets a server ignore an expectation it does not know (it MAY answer 417), so such a
 * request is served like any other, through the pipeline.
 */
export function serveUnknownExpectations(server: Server): void {
  server.on('checkExpectation', (request, response) => server.emit('request', request, response));
}
