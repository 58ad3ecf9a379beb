import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { LogPort } from '@shared/logging/log-port';
import { InvalidDateRange } from '../../domain/errors/invalid-date-range.error';
import { InvalidDateTime } from '../../domain/errors/invalid-date-time.error';
import { errorResponse } from './events.response-mapper';

interface Failure {
  status: number;
  code: string;
  message: string;
}

/**
 * Every error leaves in the contract's envelope. Client errors say what was wrong; anything
 * unexpected is a 500 with a generic message, its detail and stack going to the log only.
 */
@Catch()
export class ErrorEnvelopeExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: LogPort = new Logger('HTTP')) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const failure = this.describe(exception);
    if (failure.status >= 500) {
      const { method, url } = http.getRequest<{ method?: string; url?: string }>();
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${method} ${url} failed: ${error.stack ?? error.message}`);
    }
    http
      .getResponse<FastifyReply>()
      .code(failure.status)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(errorResponse(failure.code, failure.message)));
  }

  private describe(exception: unknown): Failure {
    // Rules the search use case enforces on its input, should a request reach it unvalidated.
    // Other domain errors (a stored row that no longer maps, say) are our fault: a 500.
    if (exception instanceof InvalidDateRange || exception instanceof InvalidDateTime) {
      return { status: HttpStatus.BAD_REQUEST, code: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const own = (exception as { code?: unknown }).code;
      const code = typeof own === 'string' ? own : (HttpStatus[status] ?? 'CLIENT_ERROR');
      return { status, code, message: exception.message };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' };
  }
}
