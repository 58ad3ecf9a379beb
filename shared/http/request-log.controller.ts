import { FastifyReply, FastifyRequest, LogController } from 'fastify';

const SHOWS_DEBUG = new Set(['debug', 'trace']);

/**
 * How Fastify logs the life of a request: one line per answer at debug (through the request's
 * logger, so it carries the request id) instead of two at info, and a client that hung up before
 * its answer was written is a debug line too, not an error: nothing on our side failed.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  /** The answer's own line says it was a 404. */
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error && !isClientHangUp(error)) {
      reply.log.error({ err: error, statusCode: reply.statusCode, durationMs: reply.elapsedTime }, 'request failed while answering');
      return;
    }
    // Most runs log at info or above: the line's fields are not even gathered then.
    if (!SHOWS_DEBUG.has(request.log.level)) return;
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        route: request.routeOptions.url,
        statusCode: reply.statusCode,
        durationMs: reply.elapsedTime,
        ...(error ? { clientHungUp: true } : {}),
      },
      'request answered',
    );
  }

  override streamError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    if (isClientHangUp(error)) reply.log.debug('client hung up while its answer was streamed');
    else reply.log.warn({ err: error }, 'answer stream failed after its headers were sent');
  }
}

function isClientHangUp(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}
