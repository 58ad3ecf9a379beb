import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { MetricsHttpController } from './metrics.http-controller';

/**
 * The process's metrics registry (injected as `Registry`, for anything that counts) and
 * `GET /metrics`. Global so a context's module can register its metrics without importing this.
 */
@Global()
@Module({
  providers: [{ provide: Registry, useFactory: createMetricsRegistry }],
  controllers: [MetricsHttpController],
  exports: [Registry],
})
export class MetricsModule {}
