import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { EventsMetricsModule } from '@contexts/events/infrastructure/metrics/events-metrics.module';
import { EventsHealthModule } from '@contexts/events/presentation/health/events-health.module';
import { EventsSchedulerModule } from '@contexts/events/presentation/scheduler/events-scheduler.module';
import { ConfigModule } from '@shared/config/config.module';
import { MetricsModule } from '@shared/metrics/metrics.module';

/**
 * The scheduler, and beside it a small HTTP surface on WORKER_PORT: /health, /health/ready and
 * /metrics. The scheduler knows nothing of HTTP; the worker is a Nest HTTP app only to serve these.
 */
@Module({
  imports: [
    ConfigModule,
    MetricsModule,
    EventsMetricsModule,
    ScheduleModule.forRoot(),
    EventsSchedulerModule,
    EventsHealthModule.register({ withCache: false }),
  ],
})
export class WorkerModule {}
