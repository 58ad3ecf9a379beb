import { Module } from '@nestjs/common';
import { EventsHealthModule } from '@contexts/events/presentation/health/events-health.module';
import { EventsHttpModule } from '@contexts/events/presentation/http/events-http.module';
import { ConfigModule } from '@shared/config/config.module';
import { MetricsModule } from '@shared/metrics/metrics.module';

@Module({
  imports: [ConfigModule, MetricsModule, EventsHttpModule, EventsHealthModule.register({ withCache: true })],
})
export class ApiModule {}
