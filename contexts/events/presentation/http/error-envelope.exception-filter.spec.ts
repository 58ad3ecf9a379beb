import { ArgumentsHost, MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { InvalidDateRange } from '../../domain/errors/invalid-date-range.error';
import { InvalidPrice } from '../../domain/errors/invalid-price.error';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { ErrorEnvelopeExceptionFilter } from './error-envelope.exception-filter';
import { InvalidRequestException } from './invalid-request.exception';

/** Just enough of Fastify's reply and Nest's host for the filter to write a response. */
function httpContext() {
  const sent: { status?: number; contentType?: string; body?: unknown } = {};
  const reply = {
    code(status: number) {
      sent.status = status;
      return reply;
    },
    type(contentType: string) {
      sent.contentType = contentType;
      return reply;
    },
    send(body: string) {
      sent.body = JSON.parse(body);
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ method: 'GET', url: '/search?starts_at=x' }) }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ErrorEnvelopeExceptionFilter', () => {
  let logger: RecordingLogger;
  let filter: ErrorEnvelopeExceptionFilter;

  beforeEach(() => {
    logger = new RecordingLogger();
    filter = new ErrorEnvelopeExceptionFilter(logger);
  });

  it('sends a rejected request as a 400 with its code and message', () => {
    const { host, sent } = httpContext();

    filter.catch(new InvalidRequestException('UNKNOWN_PARAMETER', 'unknown parameter foo'), host);

    expect(sent).toEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: { error: { code: 'UNKNOWN_PARAMETER', message: 'unknown parameter foo' }, data: null },
    });
    expect(logger.lines).toEqual([]);
  });

  it('sends the search window rule of the domain as a 400 with its code', () => {
    const { host, sent } = httpContext();

    filter.catch(new InvalidDateRange('the search window', '2021-07-01T00:00:00', '2021-06-30T00:00:00'), host);

    expect(sent).toMatchObject({ status: 400, body: { error: { code: 'INVALID_DATE_RANGE' }, data: null } });
  });

  it('sends an unknown route as a 404 and another client error with its status', () => {
    const notFound = httpContext();
    const notAllowed = httpContext();

    filter.catch(new NotFoundException('Cannot GET /nowhere'), notFound.host);
    filter.catch(new MethodNotAllowedException('no'), notAllowed.host);

    expect(notFound.sent).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Cannot GET /nowhere' } } });
    expect(notAllowed.sent).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } });
  });

  it.each([
    ['an unexpected error', new TypeError("Cannot read properties of undefined (reading 'rows')")],
    ['a domain error that no request can cause', new InvalidPrice('abc', 'is not a number')],
    ['a thrown non-error', 'boom'],
  ])('sends %s as a bare 500 and logs its detail instead', (_what, thrown) => {
    const { host, sent } = httpContext();

    filter.catch(thrown, host);

    expect(sent).toMatchObject({
      status: 500,
      body: { error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' }, data: null },
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/rows|abc|boom|at /);
    expect(logger.lines).toEqual([{ level: 'error', message: expect.stringMatching(/^GET \/search\?starts_at=x failed: /) }]);
  });
});
