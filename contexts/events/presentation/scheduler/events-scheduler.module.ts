import { Module } from '@nestjs/common';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';
import { EventsSyncModule } from './events-sync.module';
import { SyncEventsScheduler } from './sync-events.scheduler';

/** Needs ScheduleModule.forRoot() from the importing app (only the worker has it). */
@Module({
  imports: [EventsInfrastructureModule, EventsSyncModule],
  providers: [SyncEventsScheduler],
})
export class EventsSchedulerModule {}
