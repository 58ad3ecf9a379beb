import { FastifyInstance } from 'fastify';

/** Fastify route config a route sets (Nest: `@RouteConfig(HTTP_CACHEABLE)`) so HTTP caches may keep its answers. */
export const HTTP_CACHEABLE = { httpCacheable: true } as const;

/**
 * Lets HTTP caches keep a cacheable route's answers as long as the API's own cache does (a 304 on
 * the ETag is cheap after that); with that cache off they must revalidate every time. A hook of the
 * pipeline rather than a Nest interceptor: with no interceptor on a route, Nest runs its handler
 * without an RxJS chain per request.
 */
export function sendCacheControl(fastify: FastifyInstance, cacheTtlSeconds: number): void {
  const value = cacheTtlSeconds > 0 ? `public, max-age=${cacheTtlSeconds}` : 'no-cache';
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if ((request.routeOptions.config as Partial<typeof HTTP_CACHEABLE>).httpCacheable) {
      // Only an answer: a shared cache keeping a 429 or a 503 would hand it to every client behind it.
      reply.header('cache-control', reply.statusCode === 200 || reply.statusCode === 304 ? value : 'no-store');
    }
    done(null, payload);
  });
}
