import fastifyCors, { FastifyCorsOptions } from '@fastify/cors';
import { FastifyInstance, FastifyRequest } from 'fastify';

/** What a browser's preflight always carries; an OPTIONS without both is an ordinary request. */
function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}

/**
 * CORS for `origins`, registered after the pipeline's hooks, so a preflight it answers still
 * carries the request id and the security headers and counts against the rate limit (Nest's
 * enableCors() hook would run before all of them). An OPTIONS that is no preflight is left to the
 * routes, which answer it as any unknown request (404 in the envelope), not the plugin's
 * plain-text "400 Invalid Preflight Request".
 */
export async function allowOrigins(fastify: FastifyInstance, origins: readonly string[]): Promise<void> {
  const cors: FastifyCorsOptions = { origin: [...origins] };
  const notCors: FastifyCorsOptions = { origin: false };
  await fastify.register(fastifyCors, {
    delegator: (request: FastifyRequest, decide: (error: Error | null, options: FastifyCorsOptions) => void) =>
      decide(null, request.method === 'OPTIONS' && !isPreflight(request) ? notCors : cors),
  });
}
