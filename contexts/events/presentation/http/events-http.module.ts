import { Module } from '@nestjs/common';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { CachingEventRepository } from '../../infrastructure/cache/caching-event.repository';
import { EventsCacheModule } from '../../infrastructure/cache/events-cache.module';
import { CacheControlInterceptor } from './cache-control.interceptor';
import { EventsHttpController } from './events.http-controller';

/** The HTTP edge of the events context: GET /search and GET /events over the one search use case, whose reads are cached. */
@Module({
  imports: [EventsCacheModule],
  controllers: [EventsHttpController],
  providers: [
    CacheControlInterceptor,
    {
      provide: SearchEventsUseCase,
      useFactory: (events: CachingEventRepository) => new SearchEventsUseCase(events),
      inject: [CachingEventRepository],
    },
  ],
})
export class EventsHttpModule {}
