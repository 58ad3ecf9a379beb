import { Module } from '@nestjs/common';
import { EventsMetricsModule } from '@contexts/events/infrastructure/metrics/events-metrics.module';
import { EventsSyncModule } from '@contexts/events/presentation/scheduler/events-sync.module';
import { ConfigModule } from '@shared/config/config.module';
import { MetricsRegistryModule } from '@shared/metrics/metrics-registry.module';

/** One sync pass, no scheduler and no HTTP: what `npm run sync` boots (its metrics are counted, never served). */
@Module({
  imports: [ConfigModule, MetricsRegistryModule, EventsMetricsModule, EventsSyncModule],
})
export class SyncOnceModule {}
