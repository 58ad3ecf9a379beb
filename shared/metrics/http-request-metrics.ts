import { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';

/** From a cache hit (well under a millisecond) to a query hitting the statement timeout. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `http_request_duration_seconds{method,route,status_code}` for every answer Fastify sends,
 * whichever hook or handler produced it. The route is the pattern (`/search`), never the raw URL,
 * so a query string cannot mint new series; a request that matched no route is `unmatched`.
 */
export function recordHttpRequestDurations(fastify: FastifyInstance, registry: Registry): void {
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    durations.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
