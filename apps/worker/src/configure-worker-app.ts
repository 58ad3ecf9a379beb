import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorEnvelopeExceptionFilter } from '@contexts/events/presentation/http/error-envelope.exception-filter';

/** What every instance of the worker's HTTP surface needs besides its modules; main.ts and the specs share it. */
export function configureWorkerApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useGlobalFilters(new ErrorEnvelopeExceptionFilter());
  return app;
}
