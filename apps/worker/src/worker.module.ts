import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { EventsSchedulerModule } from '@contexts/events/presentation/scheduler/events-scheduler.module';
import { ConfigModule } from '@shared/config/config.module';

@Module({
  imports: [ConfigModule, ScheduleModule.forRoot(), EventsSchedulerModule],
})
export class WorkerModule {}
