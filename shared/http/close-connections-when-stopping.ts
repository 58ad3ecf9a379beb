import { FastifyInstance } from 'fastify';

/**
 * Once the process is stopping (`stopping` aborted, or the server closing), every answer tells the
 * client to close its connection. Closing waits for every connection to end, and a keep-alive
 * connection left open by a request that was in flight would otherwise hold the stop up until the
 * client drops it or Fastify's keep-alive timeout (72 s) does. Said from the signal on, it also
 * empties the clients' pools before the server closes its idle connections, which a client could
 * be sending a request on at that very moment.
 */
export function closeConnectionsWhenStopping(fastify: FastifyInstance, stopping?: AbortSignal): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing || stopping?.aborted) reply.header('connection', 'close');
    done(null, payload);
  });
}
