import { ArgumentsHost, MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { EventStoreUnavailable } from '../../domain/errors/event-store-unavailable.error';
import { InvalidDateRange } from '../../domain/errors/invalid-date-range.error';
import { InvalidPrice } from '../../domain/errors/invalid-price.error';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { ErrorEnvelopeExceptionFilter } from './error-envelope.exception-filter';
import { InvalidRequestException } from './invalid-request.exception';

/** Just enough of Fastify's reply and Nest's host for the filter to write a response. */
function httpContext() {
  const sent: { status?: number; contentType?: string; body?: unknown; headers?: Record<string, string> } = {};
  const reply = {
    header(name: string, value: string) {
      sent.headers = { ...sent.headers, [name]: value };
      return reply;
    },
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

  let clock: number;

  beforeEach(() => {
    logger = new RecordingLogger();
    clock = 1_000_000;
    filter = new ErrorEnvelopeExceptionFilter(logger, () => clock);
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

  it('answers a database outage with a 503 to retry, logging it once per interval with the count', () => {
    const answers = [1, 2, 3].map(() => {
      const { host, sent } = httpContext();
      filter.catch(new EventStoreUnavailable('connect ECONNREFUSED 127.0.0.1:5432'), host);
      return sent;
    });
    clock += 30_000;
    filter.catch(new EventStoreUnavailable('connect ECONNREFUSED 127.0.0.1:5432'), httpContext().host);

    expect(answers[2]).toMatchObject({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { code: 'EVENT_STORE_UNAVAILABLE', message: 'the store of events is not answering; try again in a few seconds' }, data: null },
    });
    expect(JSON.stringify(answers[0].body)).not.toContain('ECONNREFUSED');
    expect(logger.lines).toEqual([
      { level: 'warn', message: expect.stringMatching(/ECONNREFUSED.*answered 503 to 1 request/) },
      { level: 'warn', message: expect.stringMatching(/answered 503 to 3 request/) },
    ]);
  });
});
