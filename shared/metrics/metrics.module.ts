import { Module } from '@nestjs/common';
import { MetricsRegistryModule } from './metrics-registry.module';
import { MetricsHttpController } from './metrics.http-controller';

/** The process's metrics registry (MetricsRegistryModule) and `GET /metrics`, which serves it. */
@Module({
  imports: [MetricsRegistryModule],
  controllers: [MetricsHttpController],
})
export class MetricsModule {}
