import { Controller, Get, HttpCode, HttpStatus, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ADMIN_BEARER_AUTH, AdminApiKeyGuard } from '@shared/http/admin-api-key.guard';
import { ListSyncRunsUseCase } from '../../application/list-sync-runs/list-sync-runs.use-case';
import { RequestSyncUseCase } from '../../application/request-sync/request-sync.use-case';
import { ErrorResponseDto } from './events.response-dto';
import { SyncRunsRequestDto } from './sync-runs.request-dto';
import { SyncRequestedResponseDto, SyncRunsResponseDto } from './sync-runs.response-dto';
import { syncRequestedResponse, syncRunsResponse } from './sync-runs.response-mapper';

/** What the workers did, and a sync on demand; behind the admin key. */
@ApiTags('admin')
@ApiBearerAuth(ADMIN_BEARER_AUTH)
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'No `Authorization: Bearer <ADMIN_API_KEY>`, or another key' })
@UseGuards(AdminApiKeyGuard)
@Controller('admin/sync-runs')
export class SyncRunsHttpController {
  constructor(
    private readonly listRuns: ListSyncRunsUseCase,
    private readonly requestSync: RequestSyncUseCase,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listSyncRuns', summary: 'The latest sync runs of every provider, newest first' })
  @ApiOkResponse({ type: SyncRunsResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: '`limit` is not a whole number from 1 to 500, or a parameter is unknown' })
  async list(@Query() request: SyncRunsRequestDto): Promise<SyncRunsResponseDto> {
    return syncRunsResponse(await this.listRuns.execute(request.limit));
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'requestSync',
    summary: 'Asks for a sync of every provider now',
    description: 'A running worker with no run in flight takes the request within seconds; the API never calls a provider itself.',
  })
  @ApiAcceptedResponse({ type: SyncRequestedResponseDto })
  async request(): Promise<SyncRequestedResponseDto> {
    return syncRequestedResponse(await this.requestSync.execute());
  }
}
