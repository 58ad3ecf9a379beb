import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { CachedSearchResponses } from '../../infrastructure/cache/cached-search-responses';
import { EventsPageRequestDto } from './events-page.request-dto';
import { ErrorResponseDto, EventsPageResponseDto, SearchEventsResponseDto } from './events.response-dto';
import { errorResponse, eventsPageResponse, searchEventsResponse } from './events.response-mapper';
import { SearchEventsRequestDto } from './search-events.request-dto';
import { sendCachedResponse } from './send-cached-response';

/**
 * Both endpoints answer from the read-through cache; on a miss they run the one search use case
 * and cache the serialized body. The cache key is the normalized query, so equivalent requests
 * (another offset for the same instant, defaults spelled out) share an entry.
 */
@ApiTags('events')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A parameter is invalid, unknown or repeated; the message says which and what is expected' })
@ApiInternalServerErrorResponse({ type: ErrorResponseDto, description: 'Generic error' })
@Controller()
export class EventsHttpController {
  constructor(
    private readonly searchEvents: SearchEventsUseCase,
    private readonly responses: CachedSearchResponses,
  ) {}

  @Get('search')
  @ApiOperation({
    operationId: 'searchEvents',
    summary: 'Lists the available events on a time range',
    description: 'Every event that was ever on sale online and lies wholly inside the window, ordered by start then id.',
  })
  @ApiOkResponse({ type: SearchEventsResponseDto, description: 'List of plans' })
  async search(
    @Query() request: SearchEventsRequestDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = request.toQuery();
    const response = await this.responses.readThrough({ endpoint: 'search', ...query }, async () => {
      const found = await this.searchEvents.execute(query);
      return { status: 200, body: JSON.stringify(searchEventsResponse(found)) };
    });
    sendCachedResponse(reply, response, ifNoneMatch, this.responses.ttlSeconds);
  }

  @Get('events')
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'Pages through the events on a time range, in a chosen order',
    description: 'The same events as /search. A page past the last one is empty; a window with no events at all is a 404.',
  })
  @ApiOkResponse({ type: EventsPageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No event lies within the window' })
  async list(
    @Query() request: EventsPageRequestDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = request.toQuery();
    const response = await this.responses.readThrough({ endpoint: 'events', ...query }, async () => {
      const found = await this.searchEvents.execute(query);
      if (found.total === 0) {
        return { status: 404, body: JSON.stringify(errorResponse('NO_EVENTS_FOUND', 'no event lies within the requested window')) };
      }
      return { status: 200, body: JSON.stringify(eventsPageResponse(found, { number: request.page, size: request.pageSize })) };
    });
    sendCachedResponse(reply, response, ifNoneMatch, this.responses.ttlSeconds);
  }
}
