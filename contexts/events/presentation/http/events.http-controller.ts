import { Controller, Get, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { HTTP_CACHEABLE } from '@shared/http/cache-control';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { EventsPageRequestDto } from './events-page.request-dto';
import { ErrorResponseDto, EventsPageResponseDto, SearchEventsResponseDto } from './events.response-dto';
import { nextCursorAfter } from './events-cursor';
import { eventsPageResponse, searchEventsResponse } from './events.response-mapper';
import { NoEventsFoundException } from './no-events-found.exception';
import { SearchEventsRequestDto } from './search-events.request-dto';

/**
 * Both endpoints run the one search use case; its repository caches results (see
 * CachingEventRepository), and the HTTP pipeline adds the ETag and answers revalidations.
 */
@ApiTags('events')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A parameter is invalid, unknown or repeated; the message says which and what is expected' })
@ApiInternalServerErrorResponse({ type: ErrorResponseDto, description: 'Generic error' })
@Controller()
export class EventsHttpController {
  constructor(private readonly searchEvents: SearchEventsUseCase) {}

  @Get('search')
  @RouteConfig(HTTP_CACHEABLE)
  @ApiOperation({
    operationId: 'searchEvents',
    summary: 'Lists the available events on a time range',
    description: 'Every event that was ever on sale online and lies wholly inside the window, ordered by start then id.',
  })
  @ApiOkResponse({ type: SearchEventsResponseDto, description: 'List of plans' })
  async search(@Query() request: SearchEventsRequestDto): Promise<SearchEventsResponseDto> {
    return searchEventsResponse(await this.searchEvents.execute(request.toQuery()));
  }

  @Get('events')
  @RouteConfig(HTTP_CACHEABLE)
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'Pages through the events on a time range, in a chosen order',
    description: 'The same events as /search. A page past the last one is empty; a window with no events at all is a 404.',
  })
  @ApiOkResponse({ type: EventsPageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No event lies within the window' })
  async list(@Query() request: EventsPageRequestDto): Promise<EventsPageResponseDto> {
    const query = request.toQuery();
    const found = await this.searchEvents.execute(query);
    if (found.total === 0) throw new NoEventsFoundException();
    const last = found.events.at(-1);
    // A full page may have more after it; by page number the total says so, by cursor only the next page will.
    const more = last !== undefined && found.events.length === request.pageSize && (query.after || request.page * request.pageSize < found.total);
    const nextCursor = more ? nextCursorAfter(last, { by: request.sortBy, direction: request.sortDir }) : null;
    return eventsPageResponse(found, { number: request.page, size: request.pageSize }, nextCursor);
  }
}
