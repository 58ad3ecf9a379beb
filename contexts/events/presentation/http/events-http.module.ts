import { Module } from '@nestjs/common';
import { AppConfig } from '@shared/config/app-config';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { EventRepository } from '../../domain/event.repository';
import { EventsCacheModule } from '../../infrastructure/cache/events-cache.module';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';
import { EventsHttpController } from './events.http-controller';
import { HotResponses } from './hot-responses';

/**
 * The HTTP edge of the events context: GET /search and GET /events over the one search use case.
 * HotResponses is exported for the app setup, which hooks it into Fastify ahead of Nest's routing.
 */
@Module({
  imports: [EventsInfrastructureModule, EventsCacheModule],
  controllers: [EventsHttpController],
  providers: [
    {
      provide: SearchEventsUseCase,
      useFactory: (events: EventRepository) => new SearchEventsUseCase(events),
      inject: [EventRepository],
    },
    {
      provide: HotResponses,
      useFactory: (config: AppConfig) => new HotResponses({ ttlSeconds: config.cacheTtlSeconds }),
      inject: [AppConfig],
    },
  ],
  exports: [HotResponses],
})
export class EventsHttpModule {}
