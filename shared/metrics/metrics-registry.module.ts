import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';

/**
 * The process's metrics registry, injected as `Registry`, for anything that counts. Global so a
 * context's module can register its metrics without importing this. Apart from MetricsModule's
 * HTTP side, so a process that serves no HTTP (`npm run sync`) does not load it.
 */
@Global()
@Module({
  providers: [{ provide: Registry, useFactory: createMetricsRegistry }],
  exports: [Registry],
})
export class MetricsRegistryModule {}
