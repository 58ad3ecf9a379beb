import { Controller, Get, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { HTTP_CACHEABLE } from '@shared/http/cache-control';
import { RenderedJsonCache, sendRenderedJson } from '@shared/http/rendered-json';
import { EventSummaryPage, RenderedListing } from '../../domain/event-summary';
import { SearchEventsUseCase } from '../../application/search-events/search-events.use-case';
import { EventsPageRequestDto } from './events-page.request-dto';
import { ErrorResponseDto, EventsPageResponseDto, SearchEventsResponseDto } from './events.response-dto';
import { nextCursorAfter } from './events-cursor';
import { eventsPageResponse, searchEventsResponseJson } from './events.response-mapper';
import { NoEventsFoundException } from './no-events-found.exception';
import { SearchEventsRequestDto } from './search-events.request-dto';

/**
 * Both endpoints run the one search use case; its repository caches results (see
 * CachingEventRepository), each result's body is rendered once (RenderedJsonCache), and the HTTP
 * pipeline answers revalidations on its ETag. A page is cached under everything its body depends
 * on (window, order, page, size, cursor), so a page object always renders to the same body.
 */
@ApiTags('events')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A parameter is invalid, unknown or repeated; the message says which and what is expected' })
@ApiInternalServerErrorResponse({ type: ErrorResponseDto, description: 'Generic error' })
@Controller()
export class EventsHttpController {
  private readonly searchBodies = new RenderedJsonCache<RenderedListing>();
  private readonly pageBodies = new RenderedJsonCache<EventSummaryPage>();

  constructor(private readonly searchEvents: SearchEventsUseCase) {}

  @Get('search')
  @RouteConfig(HTTP_CACHEABLE)
  @ApiOperation({
    operationId: 'searchEvents',
    summary: 'Lists the available events on a time range',
    description: 'Every event that was ever on sale online and lies wholly inside the window, ordered by start then id.',
  })
  @ApiOkResponse({ type: SearchEventsResponseDto, description: 'List of plans' })
  async search(@Query() request: SearchEventsRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const listing = await this.searchEvents.listing(request.toQuery());
    return sendRenderedJson(reply, this.searchBodies.for(listing, searchEventsResponseJson));
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
  async list(@Query() request: EventsPageRequestDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const query = request.toQuery();
    const found = await this.searchEvents.execute(query);
    if (found.total === 0) throw new NoEventsFoundException();
    return sendRenderedJson(
      reply,
      this.pageBodies.for(found, (page) => {
        const last = page.events.at(-1);
        // A full page may have more after it; by page number the total says so, by cursor only the next page will.
        const more = last !== undefined && page.events.length === request.pageSize && (query.after || request.page * request.pageSize < page.total);
        const nextCursor = more ? nextCursorAfter(last, { by: request.sortBy, direction: request.sortDir }) : null;
        return JSON.stringify(eventsPageResponse(page, { number: request.page, size: request.pageSize }, nextCursor));
      }),
    );
  }
}
