import { Logger as NestLogger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { Registry } from 'prom-client';
import { answerClientErrorInEnvelope } from '@contexts/events/presentation/http/client-error.handler';
import { ErrorEnvelopeExceptionFilter } from '@contexts/events/presentation/http/error-envelope.exception-filter';
import { replyWithError } from '@contexts/events/presentation/http/error-reply';
import { createRequestValidationPipe } from '@contexts/events/presentation/http/request-validation.pipe';
import { AppConfig } from '@shared/config/app-config';
import { closeConnectionsWhenStopping } from '@shared/http/close-connections-when-stopping';
import { ADMIN_BEARER_AUTH } from '@shared/http/admin-api-key.guard';
import { PIPELINE_SERVER_OPTIONS, refuseMarkedRequests, rewriteRefusedUrl, serveUnknownExpectations } from '@shared/http/refused-requests';
import { sendCacheControl } from '@shared/http/cache-control';
import { answerConditionalGets } from '@shared/http/conditional-get';
import { REQUEST_ID_HEADER, echoRequestId, requestIdFor } from '@shared/http/request-id';
import { limitRequestRate } from '@shared/http/rate-limit';
import { allowOrigins } from '@shared/http/cors';
import { RequestLogController } from '@shared/http/request-log.controller';
import { sendSecurityHeaders } from '@shared/http/security-headers';
import { recordHttpRequestDurations } from '@shared/metrics/http-request-metrics';

/**
 * Fastify with the process's logger: each request's lines carry its `requestId`, and
 * RequestLogController writes one line per request, at debug. A path that cannot be decoded is
 * rewritten so it walks the pipeline (rewriteRefusedUrl); what else Fastify rejects before routing,
 * where Nest's filters do not reach, still answers in the envelope.
 */
export function createApiAdapter(logger: Logger, config: Pick<AppConfig, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(),
    genReqId: requestIdFor,
    // The API has no Nest middleware: without @fastify/middie no request walks an empty middleware chain.
    skipMiddie: true,
    trustProxy: config.trustProxy,
    clientErrorHandler: answerClientErrorInEnvelope,
    rewriteUrl: rewriteRefusedUrl,
    http: PIPELINE_SERVER_OPTIONS,
    // Fastify would answer a request read while it closes with a bare 503 of its own, before any
    // hook; served instead, it walks the pipeline and its answer closes the connection.
    return503OnClosing: false,
    frameworkErrors: (error: { code: string; message: string }, request: FastifyRequest, reply: FastifyReply) => {
      // In the API's own words: a client has no use for Fastify's error codes.
      replyWithError(reply.header(REQUEST_ID_HEADER, request.id), 400, 'MALFORMED_REQUEST', error.message);
    },
  });
}

/** Probes and scrapes are never rate limited: they must get through when clients are being held back. */
const NOT_RATE_LIMITED = new Set(['/health', '/health/ready', '/metrics']);

/**
 * What every instance of the API needs besides its modules; main.ts and the e2e specs share it.
 * The whole pipeline every answer passes through: request id, metrics, security headers, rate
 * limit, validation, the error envelope, ETag and CORS. `stopping`: aborted when the process is
 * told to stop (see closeConnectionsWhenStopping).
 */
export async function configureApiApp(app: NestFastifyApplication, stopping?: AbortSignal): Promise<NestFastifyApplication> {
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  // Before Nest registers its routes (at listen), so the hooks and plugins apply to every one of them.
  echoRequestId(fastify);
  recordHttpRequestDurations(fastify, app.get(Registry));
  closeConnectionsWhenStopping(fastify, stopping);
  // Helmet's default CSP lets Swagger UI run (its scripts are files of its own, its styles inline),
  // minus upgrade-insecure-requests, which would send /docs' assets to https on a plain-http port.
  sendSecurityHeaders(fastify, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  await limitRequestRate(fastify, {
    perMinute: config.rateLimitPerMinute,
    redisUrl: config.redisUrl,
    exempt: (request) => NOT_RATE_LIMITED.has(request.routeOptions.url ?? ''),
    logger: new NestLogger('RateLimit'),
  });
  refuseMarkedRequests(fastify, (reply, refusal) =>
    refusal === 'invalid-url'
      ? replyWithError(reply, 400, 'INVALID_URL', 'the path is not a valid URL: encode every % as %25 and other special characters as %XX')
      : replyWithError(reply, 400, 'MISSING_HOST', 'an HTTP/1.1 request must carry a Host header'),
  );
  serveUnknownExpectations(fastify.server);
  answerConditionalGets(fastify);
  sendCacheControl(fastify, config.cacheTtlSeconds);
  app.useGlobalPipes(createRequestValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeExceptionFilter());
  // Without CORS_ORIGINS no CORS header is sent: browsers on other origins are refused.
  if (config.corsOrigins.length > 0) await allowOrigins(fastify, config.corsOrigins);
  if (config.docsEnabled) serveDocs(app);
  return app;
}

/** Swagger UI at /docs and the OpenAPI document at /openapi.json. */
function serveDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fever Providers API')
      .setDescription('Every event ever on sale online, as the provider last described it.')
      .setVersion('1.0.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY, for the /admin routes' }, ADMIN_BEARER_AUTH)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
