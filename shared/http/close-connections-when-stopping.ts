import { FastifyInstance } from 'fastify';

/**
 * Once the server is closing, every answer tells the client to close its connection. Closing waits
 * for every connection to end, and a keep-alive connection left open by a request that was in
 * flight would otherwise hold the stop up until the client drops it or Fastify's keep-alive timeout
 * (72 s) does.
 */
export function closeConnectionsWhenStopping(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
