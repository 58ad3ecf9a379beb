import { Module } from '@nestjs/common';
import { AppConfig } from '@shared/config/app-config';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { CachingEventRepository } from '../../infrastructure/cache/caching-event.repository';
import { EventsSearchModule } from '../../infrastructure/events-search.module';
import { EventsHttpController } from './events.http-controller';

/** The HTTP edge of the events context: GET /search and GET /events over the one search use case, whose reads are cached. */
@Module({
  imports: [EventsSearchModule],
  controllers: [EventsHttpController],
  providers: [
    {
      provide: SearchEventsUseCase,
      useFactory: (events: CachingEventRepository, config: AppConfig) => new SearchEventsUseCase(events, { maxEvents: config.searchMaxEvents }),
      inject: [CachingEventRepository, AppConfig],
    },
  ],
})
export class EventsHttpModule {}
