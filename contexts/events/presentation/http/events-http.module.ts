import { Module } from '@nestjs/common';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { EventRepository } from '../../domain/event.repository';
import { EventsCacheModule } from '../../infrastructure/cache/events-cache.module';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';
import { EventsHttpController } from './events.http-controller';

/** The HTTP edge of the events context: GET /search and GET /events over the one search use case. */
@Module({
  imports: [EventsInfrastructureModule, EventsCacheModule],
  controllers: [EventsHttpController],
  providers: [
    {
      provide: SearchEventsUseCase,
      useFactory: (events: EventRepository) => new SearchEventsUseCase(events),
      inject: [EventRepository],
    },
  ],
})
export class EventsHttpModule {}
