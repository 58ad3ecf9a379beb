import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { LogPort } from '@shared/logging/log-port';
import { EventStoreUnavailable } from '../../domain/errors/event-store-unavailable.error';
import { InvalidDateRange } from '../../domain/errors/invalid-date-range.error';
import { InvalidDateTime } from '../../domain/errors/invalid-date-time.error';
import { TooManyEvents } from '../../domain/errors/too-many-events.error';
import { replyWithError } from './error-reply';

/** A database outage is logged at most this often, whatever the request rate. */
const OUTAGE_LOG_INTERVAL_MS = 30_000;
const RETRY_AFTER_OUTAGE_SECONDS = 5;

interface LoggedRequest {
  method?: string;
  url?: string;
  log?: { error(message: string): void };
}

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
  private outageLoggedAt = Number.NEGATIVE_INFINITY;
  private outageAnswersSinceLog = 0;

  constructor(
    private readonly logger: LogPort = new Logger('HTTP'),
    private readonly now: () => number = Date.now,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const failure = this.describe(exception);
    if (exception instanceof EventStoreUnavailable) {
      this.noteOutage(exception);
      reply.header('retry-after', String(RETRY_AFTER_OUTAGE_SECONDS));
    } else if (failure.status >= 500) {
      this.logUnexpected(exception, http.getRequest<LoggedRequest>());
    }
    replyWithError(reply, failure.status, failure.code, failure.message);
  }

  /** Once, with its stack, through the request's own logger when there is one (its lines carry the request id). */
  private logUnexpected(exception: unknown, request: LoggedRequest): void {
    const { stack } = (typeof exception === 'object' && exception !== null ? exception : {}) as { stack?: unknown };
    const line = `${request.method} ${request.url} failed: ${typeof stack === 'string' ? stack : String(exception)}`;
    if (request.log) request.log.error(line);
    else this.logger.error(line);
  }

  /** An outage fails every request alike: one line per interval says so, with how many answers it cost. */
  private noteOutage(error: EventStoreUnavailable): void {
    this.outageAnswersSinceLog += 1;
    if (this.now() - this.outageLoggedAt < OUTAGE_LOG_INTERVAL_MS) return;
    this.logger.warn(`${error.message}: answered 503 to ${this.outageAnswersSinceLog} request(s) since the last such line`);
    this.outageLoggedAt = this.now();
    this.outageAnswersSinceLog = 0;
  }

  private describe(exception: unknown): Failure {
    // Rules the search use case enforces on its input (the window's bounds should a request reach it
    // unvalidated, and the size of an unpaged answer).
    // Other domain errors (a stored row that no longer maps, say) are our fault: a 500.
    if (exception instanceof InvalidDateRange || exception instanceof InvalidDateTime || exception instanceof TooManyEvents) {
      return { status: HttpStatus.BAD_REQUEST, code: exception.code, message: exception.message };
    }
    if (exception instanceof EventStoreUnavailable) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, code: exception.code, message: 'the store of events is not answering; try again in a few seconds' };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const own = (exception as { code?: unknown }).code;
      const code = typeof own === 'string' ? own : (HttpStatus[status] ?? 'CLIENT_ERROR');
      return { status, code, message: exception.message };
    }
    // Errors of Fastify and its plugins (a forbidden path under /docs, say) carry their 4xx status.
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { status: statusCode, code: HttpStatus[statusCode] ?? 'CLIENT_ERROR', message: (exception as Error).message ?? STATUS_CODES[statusCode] };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' };
  }
}
