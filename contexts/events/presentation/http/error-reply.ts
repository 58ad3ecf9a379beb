import { FastifyReply } from 'fastify';
import { errorResponse } from './events.response-mapper';

/** Answers `status` in the error envelope, the way every error of the API leaves. */
export function replyWithError(reply: FastifyReply, status: number, code: string, message: string): void {
  void reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(errorResponse(code, message)));
}
