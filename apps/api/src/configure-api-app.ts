import { ServerResponse } from 'node:http';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataVersion } from '@contexts/events/domain/data-version';
import { ErrorEnvelopeExceptionFilter } from '@contexts/events/presentation/http/error-envelope.exception-filter';
import { errorResponse } from '@contexts/events/presentation/http/events.response-mapper';
import { registerHotResponseHooks } from '@contexts/events/presentation/http/hot-response-hooks';
import { HotResponses } from '@contexts/events/presentation/http/hot-responses';
import { createRequestValidationPipe } from '@contexts/events/presentation/http/request-validation.pipe';
import { ADMIN_BEARER_AUTH } from '@shared/http/admin-api-key.guard';

/**
 * Fastify rejects a malformed URL before routing, where Nest's filters do not reach; it still
 * answers in the envelope, written on the raw response since nothing else runs on a request that
 * was never routed.
 */
export function createApiAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    frameworkErrors: (error: { code: string; message: string }, _request: unknown, reply: { raw: ServerResponse }) => {
      const body = JSON.stringify(errorResponse(error.code, error.message));
      reply.raw.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
    },
  });
}

/** What every instance of the API needs besides its modules; main.ts and the e2e specs share it. */
export function configureApiApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useGlobalPipes(createRequestValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeExceptionFilter());
  // Before Nest registers its routes (at listen), so the hooks run on them.
  registerHotResponseHooks(app.getHttpAdapter().getInstance(), app.get(HotResponses), app.get(DataVersion));
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
  return app;
}
